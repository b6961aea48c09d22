import { queryOptions, useQuery } from '@tanstack/react-query';
import { env } from '@/config/env';
import { apiRequest } from '@/lib/api-client';
import type { Job } from '@/lib/api-types';

export function getJob(jobId: string, { signal }: { signal?: AbortSignal } = {}): Promise<Job> {
  return apiRequest<Job>(`/api/jobs/${encodeURIComponent(jobId)}`, { signal });
}

export const isJobActive = (job: Job | undefined) =>
  job === undefined || job.status === 'queued' || job.status === 'running';

export function jobQueryOptions(jobId: string) {
  return queryOptions({
    queryKey: ['jobs', jobId] as const,
    queryFn: ({ signal }) => getJob(jobId, { signal }),
    refetchInterval: (query) => (isJobActive(query.state.data) ? env.jobPollMs : false),
    refetchIntervalInBackground: true,
  });
}

/** Follows a render or export job until it ends; `null` follows nothing. */
export function useJob(jobId: string | null) {
  return useQuery({ ...jobQueryOptions(jobId ?? ''), enabled: jobId !== null });
}
