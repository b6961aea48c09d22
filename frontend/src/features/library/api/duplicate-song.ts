import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { LibrarySong } from '../types';
import { libraryQueryKey } from './get-library';

/** A new song sharing the base, with its own copy of the edit log. */
export function duplicateSong(id: string): Promise<LibrarySong> {
  return apiRequest<LibrarySong>(`/api/songs/${id}/duplicate`, { method: 'POST', body: {} });
}

export function useDuplicateSong() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: duplicateSong,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: libraryQueryKey }),
  });
}
