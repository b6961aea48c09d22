import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import { GeneratePanel, HumPanel, useCreateSong, useOptions } from '@/features/generate';
import { JobProgress } from '@/features/jobs';
import { SongPlayer } from '@/features/player';
import type { SongCreated, SongCreateInput } from '@/lib/api-types';

interface Generation {
  jobId: string;
  songId: string | null;
  /** What to send again on "Try again"; null for a melody, whose panel still holds the take. */
  input: SongCreateInput | null;
}

/** Settings → progress → player, on one page. */
export function HomePage() {
  const [generation, setGeneration] = useState<Generation | null>(null);
  const retry = useCreateSong();
  const options = useOptions();
  const resultRef = useRef<HTMLDivElement>(null);

  const started = useCallback((created: SongCreated, input: SongCreateInput) => {
    setGeneration({ jobId: created.job.id, songId: null, input });
  }, []);

  const startedFromMelody = useCallback((created: SongCreated) => {
    setGeneration({ jobId: created.job.id, songId: null, input: null });
  }, []);

  const jobId = generation?.jobId;
  useEffect(() => {
    // Bring the progress bar into view; on a phone the form fills the screen.
    if (jobId) resultRef.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }, [jobId]);

  const succeeded = useCallback((songId: string) => {
    setGeneration((current) => (current ? { ...current, songId } : current));
  }, []);

  const tryAgain = () => {
    if (!generation) return;
    const input = generation.input;
    if (!input) {
      setGeneration(null); // back to the melody panel, which still holds the take
      return;
    }
    retry.mutate(input, {
      onSuccess: (created) => started(created, input),
    });
  };

  return (
    <Stack gap="lg">
      <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="settings-title">
        <Stack gap={4} mb="md">
          <Title order={1} size="h2" id="settings-title">
            Make a song
          </Title>
          <Text c="dimmed" size="sm">
            Pick a style and a band — each instrument becomes its own track you can mix and
            download.
          </Text>
        </Stack>
        <GeneratePanel onCreated={started} />
      </Card>
      <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="hum-title">
        <Stack gap={4} mb="md">
          <Title order={2} size="h3" id="hum-title">
            Hum a melody
          </Title>
          <Text c="dimmed" size="sm">
            Hum, sing or play a tune — or upload a recording — and get a full song built around it,
            with your melody as the lead track.
          </Text>
        </Stack>
        {options.data && <HumPanel options={options.data} onCreated={startedFromMelody} />}
      </Card>
      <div ref={resultRef} style={{ scrollMarginTop: 72 }}>
        {generation && (
          <Card withBorder radius="lg" padding="lg" component="section" aria-label="Result">
            {generation.songId ? (
              <SongPlayer
                key={generation.songId}
                songId={generation.songId}
                labels={options.data}
                actions={
                  <Button component={Link} to={`/songs/${generation.songId}`} variant="light">
                    Open in editor
                  </Button>
                }
              />
            ) : (
              <JobProgress
                key={generation.jobId}
                jobId={generation.jobId}
                onSucceeded={succeeded}
                onRetry={tryAgain}
                retrying={retry.isPending}
              />
            )}
          </Card>
        )}
      </div>
    </Stack>
  );
}
