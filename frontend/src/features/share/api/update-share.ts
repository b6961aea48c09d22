import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { sharesKey, sharesPath, type Share } from './list-shares';

export function updateShare(songId: string, shareId: number, input: { allow_download: boolean }): Promise<Share> {
  return apiRequest<Share>(sharesPath(songId, `/${shareId}`), { method: 'PATCH', body: input });
}

export function useUpdateShare(songId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ shareId, allowDownload }: { shareId: number; allowDownload: boolean }) =>
      updateShare(songId, shareId, { allow_download: allowDownload }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sharesKey(songId) }),
  });
}
