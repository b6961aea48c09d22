import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';

/**
 * A thin horizontal peak meter; `read` is polled every animation frame while mounted. It is a picture of
 * the sound (hidden from screen readers, which cannot follow 60 readings a second); `label` is its tooltip.
 */
export function LevelMeter({ read, label }: { read: () => number; label: string }) {
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let frame = 0;
    let shown = 0;
    const draw = () => {
      const peak = read();
      // Fast attack, slow release, on a dB scale from -48 to 0.
      const db = peak > 0 ? 20 * Math.log10(peak) : -96;
      const level = Math.min(1, Math.max(0, (db + 48) / 48));
      shown = level > shown ? level : shown * 0.92;
      if (bar.current) bar.current.style.transform = `scaleX(${shown.toFixed(3)})`;
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [read]);
  return (
    <Box
      aria-hidden="true"
      title={label}
      h={6}
      style={{ borderRadius: 3, overflow: 'hidden', background: 'var(--mantine-color-default-hover)' }}
    >
      <div
        ref={bar}
        style={{
          height: '100%',
          transformOrigin: 'left',
          transform: 'scaleX(0)',
          background: 'linear-gradient(90deg, var(--mantine-color-teal-6) 70%, var(--mantine-color-yellow-5) 85%, var(--mantine-color-red-6))',
        }}
      />
    </Box>
  );
}
