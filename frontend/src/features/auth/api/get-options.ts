import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { Options } from '@/lib/api-types';

/** What the composer offers (genres, moods, keys, instruments); shared cache with the Generate page. */
export function useComposerOptions() {
  return useQuery(
    queryOptions({
      queryKey: ['options'],
      queryFn: ({ signal }) => apiRequest<Options>('/api/options', { signal }),
      staleTime: Infinity,
    }),
  );
}
