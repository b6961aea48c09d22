import { Badge, Box, Button, Group, Paper, Stack, Text } from '@mantine/core';
import type { Track } from '@/lib/api-types';
import type { ChannelMix } from '@/lib/audio-engine';
import classes from './track-row.module.css';
import { SteppedSlider } from '@/components/ui/stepped-slider';
import { Waveform } from '@/components/ui/waveform';
import { dbToLinear, linearToDb } from '@/lib/audio-engine';
import { formatDb } from '@/lib/format-level';

const VOLUME_MIN_DB = -40;
const VOLUME_MAX_DB = 6;

export interface TrackRowProps {
  track: Track;
  roleLabel: string;
  mix: ChannelMix | undefined;
  audible: boolean;
  progress: number;
  /** Display gain for the peaks, so quiet songs still draw a readable waveform. */
  peakScale: number;
  onMute: (muted: boolean) => void;
  onSolo: (soloed: boolean) => void;
  onVolume: (volume: number) => void;
  onSeek: (fraction: number) => void;
}

export function TrackRow({
  track,
  roleLabel,
  mix,
  audible,
  progress,
  peakScale,
  onMute,
  onSolo,
  onVolume,
  onSeek,
}: TrackRowProps) {
  const muted = mix?.muted ?? false;
  const soloed = mix?.soloed ?? false;
  const volumeDb = Math.max(VOLUME_MIN_DB, linearToDb(mix?.volume ?? 1));
  return (
    <Paper withBorder radius="md" p="sm" data-testid="track-row" data-track-id={track.id}>
      <Box className={classes.grid}>
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text fw={600} size="sm" truncate="end" title={track.name}>
            {track.name}
          </Text>
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Text size="xs" c="dimmed" truncate="end" title={track.instrument_name}>
              {track.instrument_name}
            </Text>
            <Badge size="xs" variant="light" style={{ flexShrink: 0 }}>
              {roleLabel}
            </Badge>
          </Group>
          <Group gap={6} wrap="nowrap">
            <Button
              size="compact-xs"
              variant={muted ? 'filled' : 'default'}
              color={muted ? 'red' : undefined}
              aria-pressed={muted}
              aria-label={`Mute ${track.name}`}
              onClick={() => onMute(!muted)}
              w={32}
              px={0}
            >
              M
            </Button>
            <Button
              size="compact-xs"
              variant={soloed ? 'filled' : 'default'}
              color={soloed ? 'yellow' : undefined}
              aria-pressed={soloed}
              aria-label={`Solo ${track.name}`}
              onClick={() => onSolo(!soloed)}
              w={32}
              px={0}
            >
              S
            </Button>
            <SteppedSlider
              style={{ flex: 1, minWidth: 60 }}
              size="sm"
              min={VOLUME_MIN_DB}
              max={VOLUME_MAX_DB}
              step={0.5}
              keyStep={1}
              pageStep={6}
              value={Math.round(volumeDb * 2) / 2}
              onChange={(db) => onVolume(db <= VOLUME_MIN_DB ? 0 : dbToLinear(db))}
              label={formatDb}
              thumbLabel={`Volume ${track.name}`}
            />
          </Group>
        </Stack>
        <Waveform
          peaks={track.peaks}
          progress={progress}
          scale={peakScale}
          dimmed={!audible}
          label={`Waveform of ${track.name}`}
          onSeek={onSeek}
        />
      </Box>
    </Paper>
  );
}
