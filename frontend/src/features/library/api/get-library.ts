import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { LibraryPage, LibraryQuery } from '../types';

export function getLibrary(query: LibraryQuery, { signal }: { signal?: AbortSignal } = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '' && value !== false) params.set(name, String(value));
  }
  const search = params.toString();
  return apiRequest<LibraryPage>(`/api/songs/${search ? `?${search}` : ''}`, { signal });
}

export const libraryQueryKey = ['library'] as const;

export function libraryQueryOptions(query: LibraryQuery) {
  return queryOptions({
    queryKey: [...libraryQueryKey, query],
    queryFn: ({ signal }) => getLibrary(query, { signal }),
    placeholderData: keepPreviousData, // the grid stays while the next page or filter loads
    // A song still being made turns into a finished card by itself.
    refetchInterval: (query) =>
      query.state.data?.songs.some((song) => song.status === 'pending') ? 3000 : false,
  });
}

export function useLibrary(query: LibraryQuery) {
  return useQuery(libraryQueryOptions(query));
}
