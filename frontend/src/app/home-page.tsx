import { Alert, Button, Card, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { applyEdit } from '@/features/editor';
import { GeneratePanel, HumPanel, useCreateSong, useOptions } from '@/features/generate';
import { JobProgress } from '@/features/jobs';
import { SongPlayer } from '@/features/player';
import { hasClearTempo, songTempoFor, StartFromUpload } from '@/features/uploads';
import type { SongCreated, SongCreateInput, Upload } from '@/lib/api-types';

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

/** Settings → progress → player, on one page. */
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
        <Stack gap="md">
          <StartFromUpload picked={fromUpload} onPick={setFromUpload} />
          <GeneratePanel onCreated={started} preset={preset} />
        </Stack>
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
      </div>
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
