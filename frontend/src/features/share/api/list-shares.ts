import { queryOptions, useQuery } from '@tanstack/react-query';
import { env } from '@/config/env';
import { apiRequest } from '@/lib/api-client';
import type { components } from '@/lib/api-schema';

export type AudioStatus = 'ready' | 'mixing' | 'failed';
/** A share link as the owner sees it. */
export type Share = Omit<components['schemas']['ShareOutput'], 'audio_status'> & {
  audio_status: AudioStatus;
  allow_download: boolean;
  allow_remix: boolean;
  views: number;
  plays: number;
};

export const sharesPath = (songId: string, rest = '') => `/api/songs/${encodeURIComponent(songId)}/shares${rest}`;
export const sharesKey = (songId: string) => ['songs', songId, 'shares'] as const;

export function listShares(songId: string, { signal }: { signal?: AbortSignal } = {}): Promise<Share[]> {
  return apiRequest<Share[]>(sharesPath(songId), { signal });
}

export function sharesQueryOptions(songId: string) {
  return queryOptions({
    queryKey: sharesKey(songId),
    queryFn: ({ signal }) => listShares(songId, { signal }),
    // While a link's mix renders, and while the dialog is open, counts and status follow the server.
    refetchInterval: (query) =>
      query.state.data?.some((share) => share.audio_status === 'mixing' && !share.revoked_at) ? env.jobPollMs : 10_000,
  });
}

export function useShares(songId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...sharesQueryOptions(songId), enabled });
}
