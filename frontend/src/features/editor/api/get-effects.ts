import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { EditCatalogue } from '@/lib/api-types';

export function getEffects({ signal }: { signal?: AbortSignal } = {}): Promise<EditCatalogue> {
  return apiRequest<EditCatalogue>('/api/effects', { signal });
}

export const effectsQueryOptions = () =>
  queryOptions({ queryKey: ['effects'] as const, queryFn: ({ signal }) => getEffects({ signal }), staleTime: Infinity });

export function useEffects() {
  return useQuery(effectsQueryOptions());
}
