import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { Options } from '@/lib/api-types';

export function getOptions({ signal }: { signal?: AbortSignal } = {}): Promise<Options> {
  return apiRequest<Options>('/api/options', { signal });
}

// Same key as the generate feature's: the two pages share one cached copy.
export const optionsQueryOptions = () =>
  queryOptions({ queryKey: ['options'] as const, queryFn: ({ signal }) => getOptions({ signal }), staleTime: Infinity });

export function useOptions() {
  return useQuery(optionsQueryOptions());
}
