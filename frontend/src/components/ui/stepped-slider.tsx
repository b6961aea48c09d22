import { Box, Slider, type SliderProps } from '@mantine/core';
import type { CSSProperties, KeyboardEvent } from 'react';

export interface SteppedSliderProps extends Omit<SliderProps, 'style'> {
  /** What one arrow key moves (e.g. 5 s of seek, 1 dB of volume, 5 % of pan). */
  keyStep: number;
  /** What Page Up / Page Down move. */
  pageStep: number;
  style?: CSSProperties;
}

const DIRECTIONS: Record<string, 'key' | 'page'> = {
  ArrowRight: 'key',
  ArrowUp: 'key',
  ArrowLeft: 'key',
  ArrowDown: 'key',
  PageUp: 'page',
  PageDown: 'page',
};
const DOWN = new Set(['ArrowLeft', 'ArrowDown', 'PageDown']);

/**
 * Mantine's Slider with keyboard steps that make sense for the quantity, independent of the fine step a
 * drag uses: each key press is one change (onChange, then onChangeEnd).
 */
export function SteppedSlider({ keyStep, pageStep, style, ...props }: SteppedSliderProps) {
  const { value, min = 0, max = 100, disabled, onChange, onChangeEnd } = props;
  const onKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    const size = DIRECTIONS[event.key];
    if (!size || disabled || value === undefined) return;
    // Before the slider's own handler, which would move by the drag step.
    event.preventDefault();
    event.stopPropagation();
    const delta = (size === 'key' ? keyStep : pageStep) * (DOWN.has(event.key) ? -1 : 1);
    const next = Math.round(Math.min(max, Math.max(min, value + delta)) * 1e6) / 1e6;
    onChange?.(next);
    onChangeEnd?.(next);
  };
  return (
    <Box style={style} onKeyDownCapture={onKeyDownCapture}>
      <Slider {...props} />
    </Box>
  );
}
