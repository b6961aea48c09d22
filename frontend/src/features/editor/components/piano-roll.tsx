import { memo } from 'react';
import type { Note } from '@/lib/api-types';

const HEIGHT = 56;

/** Notes as bars over the song's beats, pitch range fitted to the part. */
export const PianoRoll = memo(function PianoRoll({ notes, beats, label }: { notes: Note[]; beats: number; label: string }) {
  const pitches = notes.map((note) => note[2]);
  const low = Math.min(...pitches, 127) - 1;
  const high = Math.max(...pitches, 0) + 1;
  const range = Math.max(high - low, 12);
  const width = Math.max(beats, 1);
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${range}`}
      preserveAspectRatio="none"
      width="100%"
      height={HEIGHT}
      style={{ display: 'block', background: 'var(--mantine-color-default-hover)', borderRadius: 'var(--mantine-radius-sm)' }}
    >
      {notes.map(([start, duration, pitch, velocity], index) => (
        <rect
          key={index}
          x={start}
          y={high - pitch - 1 + (range - (high - low)) / 2}
          width={Math.max(duration, 0.05)}
          height={0.9}
          fill="var(--mantine-primary-color-filled)"
          opacity={0.4 + (velocity / 127) * 0.6}
        />
      ))}
    </svg>
  );
});
