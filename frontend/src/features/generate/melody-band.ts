import type { InstrumentPart, Options } from '@/lib/api-types';

/** The band for a melody: the chosen lead first, then the genre's usual parts other than its leads. */
export function melodyBand(options: Options, genre: string, lead: string): InstrumentPart[] {
  const defaults = options.genre_defaults[genre]?.instruments ?? options.default_spec.instruments;
  return [{ instrument: lead, role: 'lead' }, ...defaults.filter((part) => part.role !== 'lead')];
}
