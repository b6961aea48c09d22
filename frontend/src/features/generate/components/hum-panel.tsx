import {
  Alert,
  Button,
  FileInput,
  Group,
  NativeSelect,
  NumberInput,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
} from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '@/lib/api-client';
import type { Options, SongCreated } from '@/lib/api-types';
import { useCreateSongFromMelody } from '../api/create-song-from-melody';
import { melodyBand } from '../melody-band';
import { COUNT_IN_BEATS, extensionFor, MelodyRecorder, microphoneMessage } from '../melody-recorder';

export interface HumPanelProps {
  options: Options;
  onCreated: (created: SongCreated) => void;
}

type Source = 'record' | 'upload';
type Take =
  | { phase: 'idle' }
  | { phase: 'opening' }
  | { phase: 'counting'; beat: number }
  | { phase: 'recording'; seconds: number }
  | { phase: 'recorded'; blob: Blob; url: string; countIn: boolean };

const METER_MS = 50;
const LENGTHS = [
  { value: '8', label: 'Short (8 bars)' },
  { value: '16', label: 'Medium (16 bars)' },
  { value: '32', label: 'Long (32 bars)' },
];
const MAX_SECONDS = 120;

function formatSeconds(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
}

/** Hum, sing or play a melody (or upload one); the composer arranges a song around it. */
export function HumPanel({ options, onCreated }: HumPanelProps) {
  const leads = useMemo(
    () =>
      options.instruments
        .filter((inst) => inst.default_role === 'lead')
        .map((inst) => ({ value: inst.slug, label: inst.name })),
    [options.instruments],
  );
  const [source, setSource] = useState<Source>('record');
  const [tempo, setTempo] = useState<number>(options.default_spec.tempo);
  const [countIn, setCountIn] = useState(true);
  const [detectTempo, setDetectTempo] = useState(true);
  const [file, setFile] = useState<File | null>(null);
  const [genre, setGenre] = useState(options.default_spec.genre);
  const [mood, setMood] = useState(options.default_spec.mood);
  const [lead, setLead] = useState(leads.find((l) => l.value === 'clarinet')?.value ?? leads[0]?.value ?? '');
  const [lengthBars, setLengthBars] = useState('16');
  const [take, setTake] = useState<Take>({ phase: 'idle' });
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const recorder = useRef<MelodyRecorder | null>(null);
  const meter = useRef<ReturnType<typeof setInterval> | null>(null);
  const recordingSince = useRef<number | null>(null);
  const create = useCreateSongFromMelody();

  const release = useCallback(() => {
    if (meter.current !== null) clearInterval(meter.current);
    meter.current = null;
    recordingSince.current = null;
    recorder.current?.dispose();
    recorder.current = null;
  }, []);
  // The take's object URL and the microphone are released when they are replaced or the panel goes.
  const takeUrl = take.phase === 'recorded' ? take.url : null;
  useEffect(() => () => {
    if (takeUrl) URL.revokeObjectURL(takeUrl);
  }, [takeUrl]);
  useEffect(() => release, [release]);

  const record = async () => {
    setError(null);
    setTake({ phase: 'opening' });
    try {
      const opened = await MelodyRecorder.open();
      recorder.current = opened;
      meter.current = setInterval(() => {
        setLevel(opened.level());
        if (recordingSince.current === null) return;
        const seconds = (Date.now() - recordingSince.current) / 1000;
        setTake({ phase: 'recording', seconds });
        if (seconds >= MAX_SECONDS) void finish();
      }, METER_MS);
      if (countIn) {
        setTake({ phase: 'counting', beat: 0 });
        await opened.countIn(tempo, COUNT_IN_BEATS, (beat) => setTake({ phase: 'counting', beat }));
      }
      if (recorder.current !== opened) return; // cancelled during the count-in
      opened.start();
      recordingSince.current = Date.now();
      setTake({ phase: 'recording', seconds: 0 });
    } catch (caught) {
      release();
      setTake({ phase: 'idle' });
      setError(microphoneMessage(caught));
    }
  };

  const finish = async () => {
    const active = recorder.current;
    if (!active) return;
    recordingSince.current = null; // the meter stops asking to finish
    const blob = await active.stop();
    release();
    setLevel(0);
    if (blob.size === 0) {
      setTake({ phase: 'idle' });
      setError('Nothing was recorded. Check the microphone and try again.');
      return;
    }
    setTake({ phase: 'recorded', blob, url: URL.createObjectURL(blob), countIn });
  };

  const cancel = () => {
    release();
    setLevel(0);
    setTake({ phase: 'idle' });
  };

  const melody: { audio: Blob; filename: string; fromCountIn: boolean } | null =
    source === 'record'
      ? take.phase === 'recorded'
        ? { audio: take.blob, filename: `melody.${extensionFor(take.blob.type)}`, fromCountIn: take.countIn }
        : null
      : file
        ? { audio: file, filename: file.name, fromCountIn: false }
        : null;

  const submit = async () => {
    if (!melody) return;
    setError(null);
    const keepTempo = source === 'record' ? melody.fromCountIn : !detectTempo;
    try {
      const created = await create.mutateAsync({
        audio: melody.audio,
        filename: melody.filename,
        genre,
        mood,
        instruments: melodyBand(options, genre, lead),
        tempo: keepTempo ? tempo : undefined,
        startsOnDownbeat: source === 'record' && melody.fromCountIn,
        lengthBars: Number(lengthBars),
      });
      onCreated(created);
    } catch (caught) {
      if (caught instanceof ApiError) {
        setError([caught.message, ...Object.values(caught.fieldErrors)].join(' '));
      } else {
        setError(caught instanceof Error ? caught.message : String(caught));
      }
    }
  };

  const busy = take.phase === 'opening' || take.phase === 'counting' || take.phase === 'recording';

  return (
    <Stack gap="md" aria-label="Hum a melody" role="form">
      <SegmentedControl
        value={source}
        onChange={(value) => {
          setSource(value as Source);
          setError(null); // a message about the other source ("No microphone") no longer applies
        }}
        disabled={busy}
        data={[
          { value: 'record', label: 'Record' },
          { value: 'upload', label: 'Upload a file' },
        ]}
        aria-label="Melody source"
      />
      {source === 'record' ? (
        <Stack gap="sm">
          <Group align="flex-end" gap="md">
            <NumberInput
              label="Tempo (BPM)"
              value={tempo}
              onChange={(value) => setTempo(typeof value === 'number' ? value : Number(value) || tempo)}
              min={options.tempo.min}
              max={options.tempo.max}
              disabled={busy}
              w={140}
            />
            <Switch
              label={`Count-in (${COUNT_IN_BEATS} clicks)`}
              checked={countIn}
              onChange={(event) => setCountIn(event.currentTarget.checked)}
              disabled={busy}
            />
          </Group>
          <Group gap="sm">
            {busy ? (
              <>
                <Button color="red" onClick={() => void finish()} disabled={take.phase !== 'recording'}>
                  Stop
                </Button>
                <Button variant="subtle" onClick={cancel}>
                  Cancel
                </Button>
              </>
            ) : (
              <Button onClick={() => void record()}>
                {take.phase === 'recorded' ? 'Record again' : 'Record'}
              </Button>
            )}
            <Text size="sm" aria-live="polite">
              {take.phase === 'opening' && 'Waiting for the microphone…'}
              {take.phase === 'counting' && `Count-in: ${take.beat} / ${COUNT_IN_BEATS}`}
              {take.phase === 'recording' && `Recording ${formatSeconds(take.seconds)}`}
              {take.phase === 'recorded' && 'Recorded. Listen back, or record again.'}
            </Text>
          </Group>
          {busy && (
            <Progress
              value={Math.round(Math.min(1, level * 3) * 100)}
              aria-label="Input level"
              color={level > 0.3 ? 'orange' : 'teal'}
              size="sm"
              transitionDuration={0}
            />
          )}
          {take.phase === 'recorded' && (
            <audio controls src={take.url} aria-label="Your take" style={{ width: '100%' }} />
          )}
        </Stack>
      ) : (
        <Stack gap="sm">
          <FileInput
            label="Melody recording"
            placeholder="Choose an audio file"
            accept="audio/*,.wav,.mp3,.flac,.ogg,.opus,.m4a,.aac,.aif,.aiff,.webm"
            value={file}
            onChange={setFile}
            clearable
          />
          <Group align="flex-end" gap="md">
            <Switch
              label="Detect the tempo"
              checked={detectTempo}
              onChange={(event) => setDetectTempo(event.currentTarget.checked)}
            />
            {!detectTempo && (
              <NumberInput
                label="Tempo (BPM)"
                value={tempo}
                onChange={(value) => setTempo(typeof value === 'number' ? value : Number(value) || tempo)}
                min={options.tempo.min}
                max={options.tempo.max}
                w={140}
              />
            )}
          </Group>
        </Stack>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2, sm: 4 }} spacing="sm">
        <NativeSelect
          label="Genre of the song"
          data={options.genres}
          value={genre}
          onChange={(event) => setGenre(event.currentTarget.value)}
        />
        <NativeSelect
          label="Mood of the song"
          data={options.moods}
          value={mood}
          onChange={(event) => setMood(event.currentTarget.value)}
        />
        <NativeSelect
          label="Melody played by"
          data={leads}
          value={lead}
          onChange={(event) => setLead(event.currentTarget.value)}
        />
        <NativeSelect
          label="Song length"
          description="Your melody repeats to fill it"
          data={LENGTHS}
          value={lengthBars}
          onChange={(event) => setLengthBars(event.currentTarget.value)}
        />
      </SimpleGrid>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group>
        <Button onClick={() => void submit()} disabled={!melody || busy} loading={create.isPending}>
          Make a song from this melody
        </Button>
      </Group>
    </Stack>
  );
}
