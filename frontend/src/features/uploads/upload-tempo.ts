import type { Upload } from '@/lib/api-types';

/** Below this the detected tempo is a guess (no clear pulse): do not offer to stretch to it. */
export const TEMPO_CONFIDENCE_MIN = 0.2;

export function hasClearTempo(upload: Upload): boolean {
  return upload.tempo_confidence >= TEMPO_CONFIDENCE_MIN;
}

/** The tempo to give a song so the recording fits it: the detected tempo within what songs allow. */
export function songTempoFor(upload: Upload): number {
  return Math.min(240, Math.max(40, Math.round(upload.tempo * 10) / 10));
}
