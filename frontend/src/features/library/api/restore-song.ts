import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { LibrarySong } from '../types';
import { libraryQueryKey } from './get-library';

export function restoreSong(id: string): Promise<LibrarySong> {
  return apiRequest<LibrarySong>(`/api/songs/${id}/restore`, { method: 'POST' });
}

export function useRestoreSong() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: restoreSong,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: libraryQueryKey }),
  });
}
