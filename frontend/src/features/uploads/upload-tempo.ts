import type { Limit, Upload } from '@/lib/api-types';

/** Below this the detected tempo is a guess (no clear pulse): do not offer to stretch to it. */
export const TEMPO_CONFIDENCE_MIN = 0.2;

export function hasClearTempo(upload: Upload): boolean {
  return upload.tempo_confidence >= TEMPO_CONFIDENCE_MIN;
}

/** The tempo to give a song so the recording fits it: the detected tempo within what songs allow
 * (`limit`: the server's tempo bounds, from /api/options or the edit catalogue; unknown: not clamped). */
export function songTempoFor(upload: Upload, limit: Limit | undefined): number {
  const tempo = Math.round(upload.tempo * 10) / 10;
  return limit ? Math.min(limit.max, Math.max(limit.min, tempo)) : tempo;
}
