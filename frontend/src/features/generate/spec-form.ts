import { z } from 'zod';
import type { Options, PromptSpec, SongCreateInput } from '@/lib/api-types';

export const MAX_SEED = 2 ** 31 - 1;
export const MAX_TITLE_LENGTH = 120;

export type LengthUnit = 'seconds' | 'bars';

export interface SpecFormValues {
  title: string;
  genre: string;
  mood: string;
  key: string;
  mode: string;
  tempo: number | '';
  lengthUnit: LengthUnit;
  length: number | '';
  seed: number | '';
  /** Unlocked, every Generate draws a new seed (the song shows the one it got); locked, `seed` is sent. */
  seedLocked: boolean;
  instruments: { instrument: string; role: string }[];
}

const requiredNumber = (label: string) =>
  z.union([z.number(), z.literal('')]).refine((value) => value !== '', `${label} is required.`);

/** Validation built from the server's options so bounds and choices never drift. */
export function buildSpecSchema(options: Options) {
  const values = (choices: { value: string }[]) => new Set(choices.map((choice) => choice.value));
  const genres = values(options.genres);
  const moods = values(options.moods);
  const modes = values(options.modes);
  const roles = values(options.roles);
  const keys = new Set(options.keys);
  const instruments = new Set(options.instruments.map((instrument) => instrument.slug));
  const oneOf = (set: Set<string>, message: string) =>
    z.string().refine((value) => set.has(value), message);

  return z
    .object({
      title: z.string().trim().max(MAX_TITLE_LENGTH, `At most ${MAX_TITLE_LENGTH} characters.`),
      genre: oneOf(genres, 'Pick a genre.'),
      mood: oneOf(moods, 'Pick a mood.'),
      key: oneOf(keys, 'Pick a key.'),
      mode: oneOf(modes, 'Pick a mode.'),
      tempo: requiredNumber('Tempo').refine(
        (value) =>
          typeof value === 'number' &&
          Number.isInteger(value) &&
          value >= options.tempo.min &&
          value <= options.tempo.max,
        `Tempo must be a whole number from ${options.tempo.min} to ${options.tempo.max} BPM.`,
      ),
      lengthUnit: z.enum(['seconds', 'bars']),
      length: requiredNumber('Length'),
      seed: z
        .union([z.number(), z.literal('')])
        .refine(
          (value) => value === '' || (Number.isInteger(value) && value >= 0 && value <= MAX_SEED),
          `Seed must be a whole number from 0 to ${MAX_SEED}.`,
        ),
      seedLocked: z.boolean(),
      instruments: z
        .array(
          z.object({
            instrument: oneOf(instruments, 'Pick an instrument.'),
            role: oneOf(roles, 'Pick a role.'),
          }),
        )
        .min(1, 'Add at least one instrument.')
        .max(options.max_instruments, `At most ${options.max_instruments} instruments.`),
    })
    .superRefine((spec, ctx) => {
      const range = spec.lengthUnit === 'bars' ? options.length_bars : options.length_seconds;
      const whole = spec.lengthUnit === 'bars' ? Number.isInteger(spec.length) : true;
      if (!whole || spec.length < range.min || spec.length > range.max) {
        ctx.addIssue({
          code: 'custom',
          path: ['length'],
          message:
            spec.lengthUnit === 'bars'
              ? `Length must be a whole number from ${range.min} to ${range.max} bars.`
              : `Length must be from ${range.min} to ${range.max} seconds.`,
        });
      }
    });
}

export function defaultFormValues(options: Options): SpecFormValues {
  const spec = options.default_spec;
  return {
    title: '',
    genre: spec.genre,
    mood: spec.mood,
    key: spec.key,
    mode: spec.mode,
    tempo: spec.tempo,
    lengthUnit: 'seconds',
    length: spec.length_seconds,
    seed: '',
    seedLocked: false,
    instruments: spec.instruments.map((part) => ({ ...part })),
  };
}

/** What a draft read from text leaves as the user set it: the title, and the seed with its lock (the
 * text's own seed is not used, so generating again from the same words makes a new song). */
export type KeptByDraft = Pick<SpecFormValues, 'title' | 'seed' | 'seedLocked'>;

/** Form values for a draft read from a text prompt. */
export function formValuesFromDraft(spec: PromptSpec, kept: KeptByDraft): SpecFormValues {
  const inBars = spec.length_bars !== null;
  return {
    ...kept,
    genre: spec.genre,
    mood: spec.mood,
    key: spec.key,
    mode: spec.mode,
    tempo: spec.tempo,
    lengthUnit: inBars ? 'bars' : 'seconds',
    length: (inBars ? spec.length_bars : spec.length_seconds) ?? '',
    instruments: spec.instruments.map((part) => ({ ...part })),
  };
}

type Part = SongCreateInput['instruments'][number];

/** The POST body for validated form values (each choice was picked from the server's own options). */
export function toCreateInput(values: SpecFormValues): SongCreateInput {
  const input: SongCreateInput = {
    genre: values.genre as SongCreateInput['genre'],
    mood: values.mood as SongCreateInput['mood'],
    tempo: Number(values.tempo),
    key: values.key as SongCreateInput['key'],
    mode: values.mode as SongCreateInput['mode'],
    instruments: values.instruments.map(({ instrument, role }) => ({
      instrument: instrument as Part['instrument'],
      role: role as Part['role'],
    })),
  };
  const title = values.title.trim();
  if (title) input.title = title;
  if (values.lengthUnit === 'bars') input.length_bars = Number(values.length);
  else input.length_seconds = Number(values.length);
  if (values.seedLocked && values.seed !== '') input.seed = values.seed;
  return input;
}

/** Server field paths → form field names (anything unknown goes to the form-level alert). */
export function formFieldForServerPath(path: string): string | null {
  if (path === 'length_seconds' || path === 'length_bars') return 'length';
  const top = path.split('.')[0] ?? '';
  if (['title', 'genre', 'mood', 'key', 'mode', 'tempo', 'seed'].includes(top)) return top;
  if (/^instruments\.\d+\.(instrument|role)$/.test(path)) return path;
  if (top === 'instruments') return 'instruments.root';
  return null;
}
