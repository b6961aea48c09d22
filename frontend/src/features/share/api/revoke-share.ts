import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { sharesKey, sharesPath, type Share } from './list-shares';

export function revokeShare(songId: string, shareId: number): Promise<Share> {
  return apiRequest<Share>(sharesPath(songId, `/${shareId}/revoke`), { method: 'POST' });
}

export function useRevokeShare(songId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (shareId: number) => revokeShare(songId, shareId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sharesKey(songId) }),
  });
}
