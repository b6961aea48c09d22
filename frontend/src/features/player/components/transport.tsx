import { ActionIcon, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { formatTime } from '@/lib/format-time';
import { PauseIcon, PlayIcon } from '@/components/ui/icons';
import { SteppedSlider } from '@/components/ui/stepped-slider';

/** Arrow keys seek 5 s, Page Up / Page Down 30 s. */
export const SEEK_STEP = 5;
const SEEK_PAGE = 30;

export interface TransportProps {
  playing: boolean;
  ready: boolean;
  position: number;
  duration: number;
  onToggle: () => void;
  onSeek: (seconds: number) => void;
}

export function Transport({ playing, ready, position, duration, onToggle, onSeek }: TransportProps) {
  // While the thumb is dragged, show where it is rather than where playback is.
  const [dragging, setDragging] = useState<number | null>(null);
  const shown = dragging ?? position;
  return (
    <Group gap="sm" wrap="nowrap" align="center">
      <ActionIcon
        size="xl"
        radius="xl"
        variant="filled"
        onClick={onToggle}
        disabled={!ready}
        aria-label={playing ? 'Pause' : 'Play'}
        data-testid="play-toggle"
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </ActionIcon>
      <SteppedSlider
        style={{ flex: 1, minWidth: 0 }}
        thumbLabel="Seek"
        keyStep={SEEK_STEP}
        pageStep={SEEK_PAGE}
        min={0}
        max={Math.max(duration, 0.01)}
        step={0.01}
        value={Math.min(shown, Math.max(duration, 0.01))}
        disabled={!ready}
        label={(value) => formatTime(value)}
        onChange={setDragging}
        onChangeEnd={(value) => {
          setDragging(null);
          onSeek(value);
        }}
      />
      <Text
        size="sm"
        ff="monospace"
        c="dimmed"
        style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
        data-testid="position"
        aria-live="off"
      >
        {formatTime(shown)} / {formatTime(duration)}
      </Text>
    </Group>
  );
}
