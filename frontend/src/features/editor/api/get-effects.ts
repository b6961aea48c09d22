import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { EffectsCatalogue } from '@/lib/api-types';

export function getEffects({ signal }: { signal?: AbortSignal } = {}): Promise<EffectsCatalogue> {
  return apiRequest<EffectsCatalogue>('/api/effects', { signal });
}

export const effectsQueryOptions = () =>
  queryOptions({ queryKey: ['effects'] as const, queryFn: ({ signal }) => getEffects({ signal }), staleTime: Infinity });

export function useEffects() {
  return useQuery(effectsQueryOptions());
}
