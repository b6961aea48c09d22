import { Alert, Box, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { applyEdit } from '@/features/editor';
import { GeneratePanel, HumPanel, useCreateSong, useOptions } from '@/features/generate';
import { JobProgress } from '@/features/jobs';
import { SongPlayer } from '@/features/player';
import { hasClearTempo, songTempoFor, StartFromUpload } from '@/features/uploads';
import type { SongCreated, SongCreateInput, Upload } from '@/lib/api-types';
import { reveal } from '@/lib/reveal';
import classes from './home-page.module.css';

interface Generation {
  jobId: string;
  songId: string | null;
  /** What to send again on "Try again"; null for a melody, whose panel still holds the take. */
  input: SongCreateInput | null;
  /** A recording the song starts from: it is added as an audio track once the song is ready. */
  upload: Upload | null;
}

type AudioTrackStatus =
  | { songId: string; state: 'adding' | 'added' }
  | { songId: string; state: 'failed'; message: string };

/** Describe → Generate → progress → player, on one page; other ways to start below. */
export function HomePage() {
  const [generation, setGeneration] = useState<Generation | null>(null);
  const retry = useCreateSong();
  const options = useOptions();
  const resultRef = useRef<HTMLDivElement>(null);
  const [fromUpload, setFromUpload] = useState<Upload | null>(null);
  const [audioTrack, setAudioTrack] = useState<AudioTrackStatus | null>(null);
  const preset = useMemo(
    () => (fromUpload ? { tempo: fromUpload.tempo, key: fromUpload.key, mode: fromUpload.mode } : null),
    [fromUpload],
  );

  const started = useCallback(
    (created: SongCreated, input: SongCreateInput) => {
      setGeneration({ jobId: created.job.id, songId: null, input, upload: fromUpload });
    },
    [fromUpload],
  );

  const startedFromMelody = useCallback((created: SongCreated) => {
    setGeneration({ jobId: created.job.id, songId: null, input: null, upload: null });
  }, []);

  // A song started from a recording gets it as an audio track as soon as the song is ready.
  const readySongId = generation?.songId ?? null;
  const startingUpload = generation?.upload ?? null;
  // Numbers, not the options object: a refetch must not add the track again. The Generate form that
  // started the song needed the options, so they are loaded by now.
  const tempoMin = options.data?.tempo.min;
  const tempoMax = options.data?.tempo.max;
  useEffect(() => {
    if (!readySongId || !startingUpload) return;
    setAudioTrack({ songId: readySongId, state: 'adding' });
    applyEdit(readySongId, {
      type: 'add_audio_track',
      upload: startingUpload.id,
      ...(hasClearTempo(startingUpload) ? { source_tempo: songTempoFor(startingUpload, tempoMin !== undefined && tempoMax !== undefined ? { min: tempoMin, max: tempoMax } : undefined) } : {}),
    })
      .then(() => setAudioTrack({ songId: readySongId, state: 'added' }))
      .catch((cause: unknown) =>
        setAudioTrack({
          songId: readySongId,
          state: 'failed',
          message: cause instanceof Error ? cause.message : String(cause),
        }),
      );
  }, [readySongId, startingUpload, tempoMin, tempoMax]);
  const trackStatus = audioTrack && audioTrack.songId === readySongId ? audioTrack : null;

  // The progress bar, then the player, take the focus and the top of the view as each appears.
  const jobId = generation?.jobId;
  useEffect(() => {
    if (jobId) reveal(resultRef.current);
  }, [jobId, readySongId]);

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
    <Stack gap="lg" className={classes.page}>
      <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="settings-title">
        <Stack gap={4} mb="md">
          <Title order={1} size="h2" id="settings-title">
            Make a song
          </Title>
          <Text c="dimmed" size="sm">
            Say what you want to hear and press Generate: each instrument becomes its own track you can mix,
            edit and download.
          </Text>
        </Stack>
        <GeneratePanel onCreated={started} preset={preset} />
      </Card>
      <Box
        ref={resultRef}
        tabIndex={-1}
        className={classes.result}
        aria-label={generation ? 'Your song' : undefined}
        data-testid="result"
      >
        {generation && (
          <Card withBorder radius="lg" padding="lg" component="section" aria-label="Result">
            {generation.songId ? (
              <Stack gap="sm">
                {trackStatus && <AudioTrackAlert status={trackStatus} />}
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
              </Stack>
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
      </Box>
      <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="other-starts-title">
        <Stack gap={4} mb="md">
          <Title order={2} size="h3" id="other-starts-title">
            Start from your own music
          </Title>
          <Text c="dimmed" size="sm">
            Build a song around a recording's tempo and key, or hum, sing or play a tune and get a full song
            with your melody as the lead track.
          </Text>
        </Stack>
        <Stack gap="lg">
          <Group>
            <StartFromUpload picked={fromUpload} onPick={setFromUpload} />
          </Group>
          <Stack gap="xs">
            <Title order={3} size="h4" id="hum-title">
              Hum a melody
            </Title>
            {options.data && <HumPanel options={options.data} onCreated={startedFromMelody} />}
          </Stack>
        </Stack>
      </Card>
    </Stack>
  );
}

function AudioTrackAlert({ status }: { status: AudioTrackStatus }) {
  const title =
    status.state === 'adding'
      ? 'Adding your recording as an audio track…'
      : status.state === 'added'
        ? 'Your recording is an audio track of this song'
        : 'Your recording could not be added';
  return (
    <Alert color={status.state === 'failed' ? 'red' : 'teal'} title={title} data-testid="start-upload-status">
      {status.state === 'failed'
        ? status.message
        : 'The player plays the band alone; open the editor to hear it with your recording.'}
    </Alert>
  );
}
