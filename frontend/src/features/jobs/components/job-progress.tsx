import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useJob } from '../api/get-job';

export interface JobProgressProps {
  jobId: string;
  /** Called once when the job succeeds, with the song it produced. */
  onSucceeded: (songId: string) => void;
  onRetry: () => void;
  retrying?: boolean;
}

const STATUS_TEXT = {
  queued: 'Waiting for a worker…',
  running: 'Working…',
  succeeded: 'Done',
  failed: 'Failed',
} as const;

export function JobProgress({ jobId, onSucceeded, onRetry, retrying = false }: JobProgressProps) {
  const job = useJob(jobId);
  const data = job.data;
  const succeededSong = data?.status === 'succeeded' ? data.song_id : null;

  useEffect(() => {
    if (succeededSong) onSucceeded(succeededSong);
  }, [succeededSong, onSucceeded]);

  if (job.isError) {
    return (
      <Alert color="red" title="Lost track of the job">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{job.error.message}</Text>
          <Button size="xs" color="red" variant="light" onClick={onRetry} loading={retrying}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }

  if (data?.status === 'failed') {
    return (
      <Alert color="red" title="Generation failed" data-testid="job-failed">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{data.error ?? 'The job failed without saying why.'}</Text>
          <Button size="xs" color="red" variant="light" onClick={onRetry} loading={retrying}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }

  const value = Math.round(Math.min(100, Math.max(0, data?.progress ?? 0)));
  const rawStage = data?.stage || (data ? STATUS_TEXT[data.status] : 'Starting…');
  const stage = rawStage.charAt(0).toUpperCase() + rawStage.slice(1);
  return (
    <Stack gap={6} data-testid="job-progress">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={500} truncate="end" data-testid="job-stage">
          {stage}
        </Text>
        <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {value}%
        </Text>
      </Group>
      <Progress
        value={value}
        size="lg"
        radius="xl"
        animated={data?.status !== 'succeeded'}
        striped={data?.status !== 'succeeded'}
        aria-label="Generation progress"
      />
    </Stack>
  );
}
