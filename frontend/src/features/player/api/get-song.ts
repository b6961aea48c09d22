import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { Song } from '@/lib/api-types';

export function getSong(songId: string, { signal }: { signal?: AbortSignal } = {}): Promise<Song> {
  return apiRequest<Song>(`/api/songs/${encodeURIComponent(songId)}`, { signal });
}

export function songQueryOptions(songId: string) {
  return queryOptions({
    queryKey: ['songs', songId] as const,
    queryFn: ({ signal }) => getSong(songId, { signal }),
    // The job can report success a moment before the song row says "ready".
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 1000 : false),
  });
}

export function useSong(songId: string) {
  return useQuery(songQueryOptions(songId));
}
