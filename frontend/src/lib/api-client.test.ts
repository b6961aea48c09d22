import { describe, expect, it } from 'vitest';
import { flattenFieldErrors } from './api-client';
import { formatTime } from './format-time';

describe('flattenFieldErrors', () => {
  it('flattens nested DRF errors into dotted paths with their first message', () => {
    expect(
      flattenFieldErrors({
        tempo: ['Too fast.', 'Also odd.'],
        instruments: [{}, { role: ['Bad role.'] }],
        'instruments.2.instrument': ['Unknown.'],
      }),
    ).toEqual({
      tempo: 'Too fast.',
      'instruments.1.role': 'Bad role.',
      'instruments.2.instrument': 'Unknown.',
    });
  });

  it('ignores what is not an error tree', () => {
    expect(flattenFieldErrors(undefined)).toEqual({});
    expect(flattenFieldErrors(null)).toEqual({});
  });
});

describe('formatTime', () => {
  it('writes m:ss', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(17.9)).toBe('0:17');
    expect(formatTime(605)).toBe('10:05');
    expect(formatTime(Number.NaN)).toBe('0:00');
  });
});
