import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { SongCreated, SongCreateInput } from '@/lib/api-types';

export function createSong(input: SongCreateInput): Promise<SongCreated> {
  return apiRequest<SongCreated>('/api/songs/', { method: 'POST', body: input });
}

export function useCreateSong() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSong,
    onSuccess: ({ job }) => {
      // The progress bar shows the queued job at once instead of waiting for the first poll.
      queryClient.setQueryData(['jobs', job.id], job);
      void queryClient.invalidateQueries({ queryKey: ['songs', 'list'] });
    },
  });
}
