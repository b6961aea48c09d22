import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { libraryQueryKey } from './get-library';

export interface SongUpdate {
  id: string;
  title?: string;
  is_favourite?: boolean;
}

export function updateSong({ id, ...changes }: SongUpdate) {
  return apiRequest<{ id: string; title: string }>(`/api/songs/${id}`, { method: 'PATCH', body: changes });
}

/** Rename or (un)favourite a song. */
export function useUpdateSong() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSong,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: libraryQueryKey }),
  });
}
