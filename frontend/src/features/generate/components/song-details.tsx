import { ActionIcon, NativeSelect, NumberInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { Controller, type Control, type FieldErrors, type UseFormRegister, type UseFormSetValue } from 'react-hook-form';
import { LockIcon } from '@/components/ui/icons';
import type { Options } from '@/lib/api-types';
import { MAX_SEED, type LengthUnit, type SpecFormValues } from '../spec-form';
import { InstrumentRows } from './instrument-rows';

export interface SongDetailsProps {
  options: Options;
  control: Control<SpecFormValues>;
  register: UseFormRegister<SpecFormValues>;
  setValue: UseFormSetValue<SpecFormValues>;
  errors: FieldErrors<SpecFormValues>;
  lengthUnit: LengthUnit;
  /** The seed of the song made last on this page: locking an empty seed keeps that one. */
  lastSeed: number | null;
}

/** Title, style, key, tempo, length, seed and band: everything the text prompt fills in. */
export function SongDetails({ options, control, register, setValue, errors, lengthUnit, lastSeed }: SongDetailsProps) {
  const lengthRange = lengthUnit === 'bars' ? options.length_bars : options.length_seconds;
  const genreField = register('genre');

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

  return (
    <Stack gap="md">
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
        <NativeSelect label="Mood" data={options.moods} error={errors.mood?.message} {...register('mood')} />
        <NativeSelect label="Key" data={options.keys} error={errors.key?.message} {...register('key')} />
        <NativeSelect label="Mode" data={options.modes} error={errors.mode?.message} {...register('mode')} />
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
        <SeedInput control={control} setValue={setValue} errors={errors} lastSeed={lastSeed} />
      </SimpleGrid>
      <InstrumentRows options={options} control={control} register={register} errors={errors} />
      <Text size="xs" c="dimmed">
        Changing the genre loads its usual tempo, mode and band.
      </Text>
    </Stack>
  );
}

type SeedInputProps = Pick<SongDetailsProps, 'control' | 'setValue' | 'errors' | 'lastSeed'>;

/** The seed with its lock: unlocked, each Generate draws a new one; typing a seed locks it. */
function SeedInput({ control, setValue, errors, lastSeed }: SeedInputProps) {
  return (
    <Controller
      control={control}
      name="seedLocked"
      render={({ field: locked }) => (
        <Controller
          control={control}
          name="seed"
          render={({ field }) => {
            const toggle = () => {
              if (locked.value) {
                locked.onChange(false);
                setValue('seed', '');
                return;
              }
              if (field.value === '') setValue('seed', lastSeed ?? Math.floor(Math.random() * MAX_SEED));
              locked.onChange(true);
            };
            const label = locked.value ? 'Unlock the seed: a new one each time' : 'Lock the seed';
            return (
              <NumberInput
                label="Seed"
                description={locked.value ? 'Locked: Generate repeats this song' : 'New each time you generate'}
                placeholder="Random"
                min={0}
                max={MAX_SEED}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                error={errors.seed?.message}
                name={field.name}
                value={field.value}
                onChange={(value) => {
                  field.onChange(typeof value === 'number' ? value : '');
                  locked.onChange(typeof value === 'number');
                }}
                onBlur={field.onBlur}
                rightSection={
                  <Tooltip label={label}>
                    <ActionIcon
                      variant={locked.value ? 'filled' : 'subtle'}
                      aria-label="Lock seed"
                      aria-pressed={locked.value}
                      onClick={toggle}
                      data-testid="seed-lock"
                    >
                      <LockIcon size={16} open={!locked.value} />
                    </ActionIcon>
                  </Tooltip>
                }
              />
            );
          }}
        />
      )}
    />
  );
}
