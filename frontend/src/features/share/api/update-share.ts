import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { sharesKey, sharesPath, type Share } from './list-shares';

/** What listeners may do with the song; a field left out stays as it is. */
export interface ShareRights {
  allow_download?: boolean;
  allow_remix?: boolean;
}

export function updateShare(songId: string, shareId: number, input: ShareRights): Promise<Share> {
  return apiRequest<Share>(sharesPath(songId, `/${shareId}`), { method: 'PATCH', body: input });
}

export function useUpdateShare(songId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ shareId, rights }: { shareId: number; rights: ShareRights }) => updateShare(songId, shareId, rights),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sharesKey(songId) }),
  });
}
