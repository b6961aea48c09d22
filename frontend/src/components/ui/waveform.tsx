import { Box } from '@mantine/core';
import { memo, useMemo } from 'react';

const HEIGHT = 40;

function peaksPath(peaks: number[], scale: number): string {
  const mid = HEIGHT / 2;
  return peaks
    .map((peak, x) => {
      const half = Math.max(0.5, Math.min(1, Math.max(0, peak * scale)) * mid);
      return `M${x + 0.5} ${(mid - half).toFixed(2)}V${(mid + half).toFixed(2)}`;
    })
    .join('');
}

const PeaksSvg = memo(function PeaksSvg({
  peaks,
  scale,
  color,
}: {
  peaks: number[];
  scale: number;
  color: string;
}) {
  const path = useMemo(() => peaksPath(peaks, scale), [peaks, scale]);
  return (
    <svg
      viewBox={`0 0 ${Math.max(1, peaks.length)} ${HEIGHT}`}
      preserveAspectRatio="none"
      width="100%"
      height="100%"
      aria-hidden="true"
      style={{ display: 'block' }}
    >
      <path d={path} stroke={color} strokeWidth={1} vectorEffect="non-scaling-stroke" />
    </svg>
  );
});

export interface WaveformProps {
  peaks: number[];
  /** 0..1 of the song already played. */
  progress: number;
  /** Multiplies every peak before drawing (clipped at 1). */
  scale?: number;
  dimmed: boolean;
  label: string;
  onSeek: (fraction: number) => void;
}

/** The server's peaks as bars; the played part is tinted; click to seek. */
export function Waveform({ peaks, progress, scale = 1, dimmed, label, onSeek }: WaveformProps) {
  const played = `${(Math.min(1, Math.max(0, progress)) * 100).toFixed(2)}%`;
  return (
    <Box
      role="img"
      aria-label={label}
      pos="relative"
      h={HEIGHT}
      style={{
        cursor: 'pointer',
        opacity: dimmed ? 0.35 : 1,
        transition: 'opacity 120ms',
        borderRadius: 'var(--mantine-radius-sm)',
        overflow: 'hidden',
        background: 'var(--mantine-color-default-hover)',
      }}
      onClick={(event) => {
        const rect = event.currentTarget.getBoundingClientRect();
        if (rect.width > 0) onSeek((event.clientX - rect.left) / rect.width);
      }}
    >
      <PeaksSvg peaks={peaks} scale={scale} color="var(--mantine-color-dimmed)" />
      <Box
        pos="absolute"
        style={{
          inset: 0,
          clipPath: `inset(0 calc(100% - ${played}) 0 0)`,
          pointerEvents: 'none',
        }}
      >
        <PeaksSvg peaks={peaks} scale={scale} color="var(--mantine-primary-color-filled)" />
      </Box>
      <Box
        pos="absolute"
        top={0}
        bottom={0}
        left={played}
        w={2}
        style={{ background: 'var(--mantine-primary-color-filled)', pointerEvents: 'none' }}
      />
    </Box>
  );
}
