import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { uploadsQueryKey } from './get-uploads';

/** Delete a recording and its files for good; the server refuses (409, with a message) while a song uses it. */
export function deleteUpload(id: string): Promise<void> {
  return apiRequest<void>(`/api/uploads/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteUpload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteUpload,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: uploadsQueryKey }),
  });
}
