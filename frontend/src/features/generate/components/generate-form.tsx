import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Controller, type FieldPath, useForm } from 'react-hook-form';
import { DiceIcon } from '@/components/ui/icons';
import { ApiError } from '@/lib/api-client';
import type { Options, SongCreated, SongCreateInput } from '@/lib/api-types';
import { useCreateSong } from '../api/create-song';
import {
  buildSpecSchema,
  defaultFormValues,
  formFieldForServerPath,
  formValuesFromDraft,
  MAX_SEED,
  type SpecFormValues,
  toCreateInput,
} from '../spec-form';
import { surpriseSpec } from '../surprise-spec';
import { InstrumentRows } from './instrument-rows';
import { PromptBox } from './prompt-box';

/** Tempo, key and mode to fill in from outside the form (a recording's measured values). */
export interface SpecPreset {
  tempo: number;
  key: string;
  mode: string;
}

export interface GenerateFormProps {
  options: Options;
  onCreated: (created: SongCreated, input: SongCreateInput) => void;
  preset?: SpecPreset | null;
}

export function GenerateForm({ options, onCreated, preset }: GenerateFormProps) {
  const schema = useMemo(() => buildSpecSchema(options), [options]);
  const createSong = useCreateSong();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setValue,
    setError,
    reset,
    watch,
    getValues,
    formState: { errors },
  } = useForm<SpecFormValues>({
    resolver: zodResolver(schema),
    defaultValues: defaultFormValues(options),
  });
  const lengthUnit = watch('lengthUnit');

  useEffect(() => {
    if (!preset) return;
    const tempo = Math.round(Math.min(options.tempo.max, Math.max(options.tempo.min, preset.tempo)));
    setValue('tempo', tempo, { shouldValidate: true });
    if (options.keys.includes(preset.key)) setValue('key', preset.key, { shouldValidate: true });
    if (options.modes.some((mode) => mode.value === preset.mode)) setValue('mode', preset.mode, { shouldValidate: true });
  }, [preset, options, setValue]);

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    const input = toCreateInput(values);
    try {
      const created = await createSong.mutateAsync(input);
      onCreated(created, input);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setFormError(error instanceof Error ? error.message : String(error));
        return;
      }
      const unplaced: string[] = [];
      for (const [path, message] of Object.entries(error.fieldErrors)) {
        const field = formFieldForServerPath(path);
        if (field) setError(field as FieldPath<SpecFormValues>, { type: 'server', message });
        else unplaced.push(message);
      }
      setFormError([error.message, ...unplaced].join(' '));
    }
  });

  const applyGenreDefaults = (genre: string) => {
    const defaults = options.genre_defaults[genre];
    if (!defaults) return;
    setValue('tempo', defaults.tempo);
    setValue('mode', defaults.mode);
    setValue(
      'instruments',
      defaults.instruments.map((part) => ({ ...part })),
    );
  };

  const surprise = () => {
    reset(surpriseSpec(options));
    void submit();
  };

  const lengthRange = lengthUnit === 'bars' ? options.length_bars : options.length_seconds;
  const genreField = register('genre');

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Song settings">
      <Stack gap="md">
        {formError && (
          <Alert color="red" title="Could not start the song" role="alert" data-testid="form-error">
            {formError}
          </Alert>
        )}
        <PromptBox onDraft={(draft) => reset(formValuesFromDraft(draft.spec, getValues('title')))} />
        <TextInput
          label="Title"
          placeholder="Optional — we'll name it for you"
          error={errors.title?.message}
          {...register('title')}
        />
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <NativeSelect
            label="Genre"
            data={options.genres}
            error={errors.genre?.message}
            {...genreField}
            onChange={(event) => {
              void genreField.onChange(event);
              applyGenreDefaults(event.currentTarget.value);
            }}
          />
          <NativeSelect
            label="Mood"
            data={options.moods}
            error={errors.mood?.message}
            {...register('mood')}
          />
          <NativeSelect
            label="Key"
            data={options.keys}
            error={errors.key?.message}
            {...register('key')}
          />
          <NativeSelect
            label="Mode"
            data={options.modes}
            error={errors.mode?.message}
            {...register('mode')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <Controller
            control={control}
            name="tempo"
            render={({ field }) => (
              <NumberInput
                label="Tempo"
                suffix=" BPM"
                min={options.tempo.min}
                max={options.tempo.max}
                allowDecimal={false}
                clampBehavior="none"
                error={errors.tempo?.message}
                name={field.name}
                value={field.value}
                onChange={(value) => field.onChange(typeof value === 'number' ? value : '')}
                onBlur={field.onBlur}
              />
            )}
          />
          <Controller
            control={control}
            name="length"
            render={({ field }) => (
              <NumberInput
                label="Length"
                suffix={lengthUnit === 'bars' ? ' bars' : ' s'}
                min={lengthRange.min}
                max={lengthRange.max}
                allowDecimal={lengthUnit === 'seconds'}
                clampBehavior="none"
                error={errors.length?.message}
                name={field.name}
                value={field.value}
                onChange={(value) => field.onChange(typeof value === 'number' ? value : '')}
                onBlur={field.onBlur}
                rightSectionWidth={96}
                rightSection={
                  <Controller
                    control={control}
                    name="lengthUnit"
                    render={({ field: unit }) => (
                      <SegmentedControl
                        size="xs"
                        aria-label="Length unit"
                        data={[
                          { value: 'seconds', label: 'sec' },
                          { value: 'bars', label: 'bars' },
                        ]}
                        value={unit.value}
                        onChange={(value) => unit.onChange(value)}
                      />
                    )}
                  />
                }
              />
            )}
          />
          <Controller
            control={control}
            name="seed"
            render={({ field }) => (
              <NumberInput
                label="Seed"
                placeholder="Random"
                min={0}
                max={MAX_SEED}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                error={errors.seed?.message}
                name={field.name}
                value={field.value}
                onChange={(value) => field.onChange(typeof value === 'number' ? value : '')}
                onBlur={field.onBlur}
              />
            )}
          />
        </SimpleGrid>
        <InstrumentRows options={options} control={control} register={register} errors={errors} />
        <Group justify="space-between" gap="sm">
          <Text size="xs" c="dimmed" style={{ flex: '1 1 200px' }}>
            Changing the genre loads its usual tempo, mode and band.
          </Text>
          <Group gap="sm" wrap="nowrap">
            <Button
              variant="default"
              leftSection={<DiceIcon size={16} />}
              onClick={surprise}
              disabled={createSong.isPending}
            >
              Surprise me
            </Button>
            <Button type="submit" loading={createSong.isPending}>
              Generate
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
