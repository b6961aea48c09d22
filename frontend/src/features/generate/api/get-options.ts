import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { Options } from '@/lib/api-types';

export function getOptions({ signal }: { signal?: AbortSignal } = {}): Promise<Options> {
  return apiRequest<Options>('/api/options', { signal });
}

export const optionsQueryKey = ['options'] as const;

export function optionsQueryOptions() {
  return queryOptions({
    queryKey: optionsQueryKey,
    queryFn: ({ signal }) => getOptions({ signal }),
    staleTime: Infinity,
  });
}

export function useOptions() {
  return useQuery(optionsQueryOptions());
}
