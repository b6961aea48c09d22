import type { Options } from '@/lib/api-types';
import type { SpecFormValues } from './spec-form';

type Random = () => number;

function pick<T>(items: readonly T[], random: Random): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('Cannot pick from an empty list.');
  return item;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * A random but sensible spec: a genre's own band, tempo and mode (tempo nudged a little),
 * any mood and key, 30–90 s; the seed is left unlocked, so Generate draws a new one.
 */
export function surpriseSpec(options: Options, random: Random = Math.random): SpecFormValues {
  const genre = pick(options.genres, random).value;
  const defaults = options.genre_defaults[genre];
  const baseTempo = defaults?.tempo ?? options.default_spec.tempo;
  const tempo = clamp(
    Math.round(baseTempo + (random() * 2 - 1) * 8),
    options.tempo.min,
    options.tempo.max,
  );
  const instruments = (defaults?.instruments ?? options.default_spec.instruments)
    .slice(0, options.max_instruments)
    .map((part) => ({ ...part }));
  const length = clamp(
    Math.round(30 + random() * 60),
    options.length_seconds.min,
    options.length_seconds.max,
  );
  return {
    title: '',
    genre,
    mood: pick(options.moods, random).value,
    key: pick(options.keys, random),
    mode: defaults?.mode ?? pick(options.modes, random).value,
    tempo,
    lengthUnit: 'seconds',
    length,
    seed: '',
    seedLocked: false,
    instruments,
  };
}
