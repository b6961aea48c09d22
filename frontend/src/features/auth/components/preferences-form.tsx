import {
  Alert,
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '@/lib/api-client';
import type { Options } from '@/lib/api-types';
import { useUpdatePreferences } from '../api/update-preferences';
import type { Preferences } from '../types';

/** The export formats the editor offers (the server checks them too). */
const EXPORT_FORMATS = [
  { value: 'mp3_192', label: 'MP3 192 kbps' },
  { value: 'mp3_320', label: 'MP3 320 kbps' },
  { value: 'mp3_128', label: 'MP3 128 kbps' },
  { value: 'wav16', label: 'WAV 16-bit' },
  { value: 'wav24', label: 'WAV 24-bit' },
  { value: 'flac', label: 'FLAC' },
  { value: 'flac24', label: 'FLAC 24-bit' },
  { value: 'ogg', label: 'OGG Vorbis' },
  { value: 'midi', label: 'MIDI' },
  { value: 'stems', label: 'Stems (ZIP)' },
];
const ANY = { value: '', label: 'No preference' };
type Part = NonNullable<Preferences['instruments']>[number];

export function PreferencesForm({ options, saved }: { options: Options; saved: Preferences }) {
  const update = useUpdatePreferences();
  const [values, setValues] = useState<Preferences>(saved);
  const [done, setDone] = useState(false);
  const error = update.error instanceof ApiError ? update.error : null;
  const set = (patch: Partial<Preferences>) => {
    setDone(false);
    setValues((current) => ({ ...current, ...patch }));
  };

  const save = async () => {
    await update.mutateAsync(values);
    setDone(true);
  };

  return (
    <form
      aria-label="Preferences"
      onSubmit={(event) => {
        event.preventDefault();
        void save().catch(() => undefined);
      }}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          New songs start from these on the Generate page.
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {[error.message, ...Object.values(error.fieldErrors)].join(' ')}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="sm">
          <NativeSelect
            label="Genre"
            data={[ANY, ...options.genres]}
            value={values.genre ?? ''}
            onChange={(event) => set({ genre: event.currentTarget.value as Preferences['genre'] })}
          />
          <NativeSelect
            label="Mood"
            data={[ANY, ...options.moods]}
            value={values.mood ?? ''}
            onChange={(event) => set({ mood: event.currentTarget.value as Preferences['mood'] })}
          />
          <NumberInput
            label="Tempo (BPM)"
            placeholder="No preference"
            min={options.tempo.min}
            max={options.tempo.max}
            value={values.tempo ?? ''}
            error={error?.fieldErrors.tempo}
            onChange={(value) => set({ tempo: typeof value === 'number' ? value : null })}
          />
          <NativeSelect
            label="Key"
            data={[ANY, ...options.keys.map((key) => ({ value: key, label: key }))]}
            value={values.key ?? ''}
            onChange={(event) => set({ key: event.currentTarget.value as Preferences['key'] })}
          />
          <NativeSelect
            label="Scale"
            data={[ANY, ...options.modes]}
            value={values.mode ?? ''}
            onChange={(event) => set({ mode: event.currentTarget.value as Preferences['mode'] })}
          />
          <NativeSelect
            label="Export format"
            data={[ANY, ...EXPORT_FORMATS]}
            value={values.export_format ?? ''}
            onChange={(event) => set({ export_format: event.currentTarget.value as Preferences['export_format'] })}
          />
        </SimpleGrid>
        <MultiSelect
          label="Instruments"
          placeholder={values.instruments?.length ? undefined : "The genre's own band"}
          data={options.instruments.map((i) => ({ value: i.slug, label: i.name }))}
          value={(values.instruments ?? []).map((part) => part.instrument)}
          maxValues={options.max_instruments}
          searchable
          error={error?.fieldErrors.instruments ?? error?.fieldErrors['instruments.0']}
          onChange={(slugs) => set({ instruments: slugs.map((instrument) => ({ instrument: instrument as Part['instrument'], role: null })) })}
        />
        <Group justify="flex-end" gap="sm">
          {done && (
            <Text size="sm" c="var(--mantine-color-teal-light-color)" role="status">
              Saved.
            </Text>
          )}
          <Button type="submit" loading={update.isPending}>
            Save preferences
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
