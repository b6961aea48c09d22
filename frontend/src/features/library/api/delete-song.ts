import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiUrl, ApiError, readCookie } from '@/lib/api-client';
import { libraryQueryKey } from './get-library';

/** Soft delete: the song can be restored (restore-song) during the undo window. */
export async function deleteSong(id: string): Promise<void> {
  const token = readCookie('csrftoken');
  const response = await fetch(apiUrl(`/api/songs/${id}`), {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: token ? { 'X-CSRFToken': token } : {},
  });
  if (!response.ok) throw new ApiError(response.status, 'Could not delete the song. Try again.');
}

export function useDeleteSong() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteSong,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: libraryQueryKey }),
  });
}
