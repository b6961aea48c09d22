import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Box, Button, Collapse, Group, Stack, Text } from '@mantine/core';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import { ChevronIcon, DiceIcon } from '@/components/ui/icons';
import { ApiError } from '@/lib/api-client';
import type { Options, SongCreated, SongCreateInput } from '@/lib/api-types';
import { useCreateSong } from '../api/create-song';
import { useInterpretPrompt } from '../api/interpret-prompt';
import {
  buildSpecSchema,
  defaultFormValues,
  formFieldForServerPath,
  formValuesFromDraft,
  type SpecFormValues,
  toCreateInput,
} from '../spec-form';
import { surpriseSpec } from '../surprise-spec';
import classes from './generate-form.module.css';
import { PromptBox } from './prompt-box';
import { SongDetails } from './song-details';

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

const DETAILS_ID = 'song-details';

function labelOf(choices: { value: string; label: string }[], value: string): string {
  return choices.find((choice) => choice.value === value)?.label ?? value;
}

/** One line saying what the collapsed details hold, e.g. "Pop · Happy · 110 BPM · C major · 30 s · 3 parts". */
function detailsSummary(values: SpecFormValues, options: Options): string {
  const length = values.length === '' ? '' : `${values.length} ${values.lengthUnit === 'bars' ? 'bars' : 's'}`;
  return [
    labelOf(options.genres, values.genre),
    labelOf(options.moods, values.mood),
    values.tempo === '' ? '' : `${values.tempo} BPM`,
    `${values.key} ${labelOf(options.modes, values.mode).toLowerCase()}`,
    length,
    `${values.instruments.length} instrument${values.instruments.length === 1 ? '' : 's'}`,
    values.seedLocked && values.seed !== '' ? `seed ${values.seed} locked` : 'new seed each time',
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The text prompt first, Generate right under it; the settings it fills in fold away below. Generate
 * reads a changed text before it sends the song, so typing a sentence and pressing Generate is enough.
 */
export function GenerateForm({ options, onCreated, preset }: GenerateFormProps) {
  const schema = useMemo(() => buildSpecSchema(options), [options]);
  const createSong = useCreateSong();
  const interpret = useInterpretPrompt();
  const [formError, setFormError] = useState<string | null>(null);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const [text, setText] = useState('');
  // The text the settings were last filled in from: Generate reads the text again only once it changed.
  const [readText, setReadText] = useState('');
  const [matched, setMatched] = useState<Record<string, string> | null>(null);
  const [promptError, setPromptError] = useState<string | null>(null);
  const [lastSeed, setLastSeed] = useState<number | null>(null);
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
  const values = watch();

  useEffect(() => {
    if (!preset) return;
    const tempo = Math.round(Math.min(options.tempo.max, Math.max(options.tempo.min, preset.tempo)));
    setValue('tempo', tempo, { shouldValidate: true });
    if (options.keys.includes(preset.key)) setValue('key', preset.key, { shouldValidate: true });
    if (options.modes.some((mode) => mode.value === preset.mode)) setValue('mode', preset.mode, { shouldValidate: true });
    setDetailsOpen(true);
  }, [preset, options, setValue]);

  /** Fills the settings in from the text if it changed since they last were; false if it could not be read. */
  const readPrompt = async (): Promise<boolean> => {
    const trimmed = text.trim();
    if (!trimmed || trimmed === readText) return true;
    try {
      const draft = await interpret.mutateAsync(trimmed);
      const { title, seed, seedLocked } = getValues();
      reset(formValuesFromDraft(draft.spec, { title, seed, seedLocked }));
      setMatched(draft.matched);
      setReadText(trimmed);
      setPromptError(null);
      return true;
    } catch (error) {
      setMatched(null);
      setPromptError(error instanceof Error ? error.message : String(error));
      return false;
    }
  };

  const send = handleSubmit(
    async (valid) => {
      setFormError(null);
      const input = toCreateInput(valid);
      try {
        const created = await createSong.mutateAsync(input);
        setLastSeed(created.song.seed);
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
        if (Object.keys(error.fieldErrors).length > unplaced.length) setDetailsOpen(true);
        setFormError([error.message, ...unplaced].join(' '));
      }
    },
    () => setDetailsOpen(true), // the messages are next to the fields: show them
  );

  const generate = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await readPrompt()) await send();
  };

  const fillFromText = async () => {
    if (await readPrompt()) setDetailsOpen(true);
  };

  const surprise = () => {
    reset(surpriseSpec(options));
    setMatched(null);
    setReadText(text.trim()); // the surprise replaces what the text said until the text changes
    setDetailsOpen(true);
  };

  const busy = createSong.isPending || interpret.isPending;

  return (
    <form onSubmit={(event) => void generate(event)} noValidate aria-label="Song settings">
      <Stack gap="sm">
        {formError && (
          <Alert color="red" title="Could not start the song" role="alert" data-testid="form-error">
            {formError}
          </Alert>
        )}
        <PromptBox text={text} onTextChange={setText} error={promptError} matched={matched} />
        <Box className={classes.actions} data-testid="generate-actions">
          <Button type="submit" loading={busy} size="md" className={classes.generate}>
            Generate
          </Button>
          <Button variant="default" size="md" leftSection={<DiceIcon size={16} />} onClick={surprise} disabled={busy}>
            Surprise me
          </Button>
        </Box>
        <Group justify="space-between" gap="xs" align="flex-start">
          <Button
            variant="subtle"
            color="gray"
            px={6}
            className={classes.detailsToggle}
            aria-expanded={detailsOpen}
            aria-controls={DETAILS_ID}
            onClick={() => setDetailsOpen((open) => !open)}
            rightSection={<ChevronIcon size={16} className={detailsOpen ? classes.chevronOpen : classes.chevron} />}
            classNames={{ label: classes.detailsLabel }}
            h="auto"
            py={4}
          >
            <Text span fw={600} size="sm">
              Details
            </Text>
            <Text span size="xs" c="dimmed" className={classes.summary}>
              {detailsSummary(values, options)}
            </Text>
          </Button>
          <Button variant="light" onClick={() => void fillFromText()} disabled={!text.trim() || busy} style={{ flexShrink: 0 }}>
            Fill in from text
          </Button>
        </Group>
        <Collapse in={detailsOpen} id={DETAILS_ID} animateOpacity={false}>
          <SongDetails
            options={options}
            control={control}
            register={register}
            setValue={setValue}
            errors={errors}
            lengthUnit={values.lengthUnit}
            lastSeed={lastSeed}
          />
        </Collapse>
      </Stack>
    </form>
  );
}
