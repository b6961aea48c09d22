import { describe, expect, it } from 'vitest';
import { optionsFixture } from '@/testing/fixtures';
import { buildSpecSchema } from './spec-form';
import { surpriseSpec } from './surprise-spec';

function sequence(values: number[]) {
  let index = 0;
  return () => values[index++ % values.length] ?? 0;
}

describe('surpriseSpec', () => {
  it('always produces a spec the form accepts', () => {
    const schema = buildSpecSchema(optionsFixture);
    for (let i = 0; i < 200; i += 1) {
      const spec = surpriseSpec(optionsFixture);
      expect(schema.safeParse(spec).success).toBe(true);
    }
  });

  it("uses the genre's band and mode with a nudged tempo", () => {
    // Draws in order: genre (rock), tempo nudge (+8), length (90 s), mood, key.
    const spec = surpriseSpec(optionsFixture, sequence([0.5, 0.999, 0.999, 0, 0, 0.5]));
    expect(spec.genre).toBe('rock');
    expect(spec.mode).toBe('minor');
    expect(spec.tempo).toBe(136);
    expect(spec.instruments).toEqual(optionsFixture.genre_defaults.rock?.instruments);
    expect(spec.length).toBe(90);
    expect([spec.seed, spec.seedLocked]).toEqual(['', false]);
  });
});
