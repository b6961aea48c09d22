import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { Job } from '@/lib/api-types';
import { sharesKey, sharesPath, type Share } from './list-shares';

export interface ShareInput {
  /** A saved version to share; null shares the song as it is now. */
  version_id: number | null;
  allow_download: boolean;
  /** Listeners may copy the song into their library; the server honours it only with allow_download. */
  allow_remix: boolean;
}

export interface ShareCreated {
  share: Share;
  job: Job | null;
}

export function createShare(songId: string, input: ShareInput): Promise<ShareCreated> {
  return apiRequest<ShareCreated>(sharesPath(songId), { method: 'POST', body: input });
}

export function useCreateShare(songId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ShareInput) => createShare(songId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sharesKey(songId) }),
  });
}
