import { Badge, Button, Group, Menu, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { SteppedSlider } from '@/components/ui/stepped-slider';
import { formatDb, formatPan } from '@/lib/format-level';
import { useCallback, useState } from 'react';
import { Waveform } from '@/components/ui/waveform';
import type { EditorTrack } from '@/lib/api-types';
import { LevelMeter } from './level-meter';
import { PianoRoll } from './piano-roll';
import classes from './editor.module.css';

export interface TrackLaneProps {
  track: EditorTrack;
  roleLabel: string;
  audible: boolean;
  progress: number;
  peakScale: number;
  beats: number;
  /** Live gain/pan while a control moves (instant, in the browser). */
  onGainLive: (gainDb: number) => void;
  onPanLive: (pan: number) => void;
  /** The server edit, sent when the control is released. */
  onGain: (gainDb: number) => void;
  onPan: (pan: number) => void;
  onMute: (mute: boolean) => void;
  onSolo: (solo: boolean) => void;
  onSeek: (fraction: number) => void;
  onEffects: () => void;
  onSwap: () => void;
  onRegenerate: () => void;
  onRemove: () => void;
  readLevel: (trackId: string) => number;
}


export function TrackLane(props: TrackLaneProps) {
  const { track, readLevel } = props;
  const [gain, setGain] = useState<number | null>(null);
  const [pan, setPan] = useState<number | null>(null);
  const [view, setView] = useState<'wave' | 'notes'>('wave');
  const read = useCallback(() => readLevel(track.id), [readLevel, track.id]);
  const effects = track.chain.effects?.length ?? 0;

  return (
    <Paper withBorder radius="md" p="xs" data-testid="track-lane" data-track-id={track.id}>
      <div className={classes.lane}>
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Text fw={600} size="sm" truncate="end" title={track.name} data-testid="lane-name">
              {track.instrument_name}
            </Text>
            <Group gap={4} wrap="nowrap">
              <Badge size="xs" variant="light" color={track.upload_id ? 'teal' : undefined}>
                {track.upload_id ? 'Audio' : props.roleLabel}
              </Badge>
              {effects > 0 && (
                <Badge size="xs" variant="outline" color="grape" data-testid="fx-badge">
                  FX {effects}
                </Badge>
              )}
            </Group>
          </Group>
          <Group gap={6} wrap="nowrap">
            <Button
              size="compact-xs"
              w={28}
              px={0}
              variant={track.mute ? 'filled' : 'default'}
              color={track.mute ? 'red' : undefined}
              aria-pressed={track.mute}
              aria-label={`Mute ${track.instrument_name}`}
              onClick={() => props.onMute(!track.mute)}
            >
              M
            </Button>
            <Button
              size="compact-xs"
              w={28}
              px={0}
              variant={track.solo ? 'filled' : 'default'}
              color={track.solo ? 'yellow' : undefined}
              aria-pressed={track.solo}
              aria-label={`Solo ${track.instrument_name}`}
              onClick={() => props.onSolo(!track.solo)}
            >
              S
            </Button>
            <SteppedSlider
              style={{ flex: 1, minWidth: 60 }}
              size="sm"
              min={-60}
              max={12}
              step={0.5}
              keyStep={1}
              pageStep={6}
              value={gain ?? track.gain_db}
              label={formatDb}
              onChange={(value) => {
                setGain(value);
                props.onGainLive(value);
              }}
              onChangeEnd={(value) => {
                setGain(null);
                props.onGain(value);
              }}
              thumbLabel={`Volume ${track.instrument_name}`}
            />
            <Text size="xs" ff="monospace" c="dimmed" w={62} ta="right" style={{ flexShrink: 0 }}>
              {formatDb(gain ?? track.gain_db)}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <Text size="xs" c="dimmed" w={28} ta="center">
              Pan
            </Text>
            <SteppedSlider
              style={{ flex: 1, minWidth: 60 }}
              size="xs"
              min={-1}
              max={1}
              step={0.01}
              keyStep={0.05}
              pageStep={0.25}
              value={pan ?? track.pan}
              label={formatPan}
              onChange={(value) => {
                setPan(value);
                props.onPanLive(value);
              }}
              onChangeEnd={(value) => {
                setPan(null);
                props.onPan(value);
              }}
              thumbLabel={`Pan ${track.instrument_name}`}
            />
            <Text size="xs" ff="monospace" c="dimmed" w={32} ta="right">
              {formatPan(pan ?? track.pan)}
            </Text>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="compact-xs" variant="default" aria-label={`Actions for ${track.instrument_name}`}>
                  ⋯
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={props.onEffects}>Effects…</Menu.Item>
                {!track.upload_id && (
                  <>
                    <Menu.Item onClick={props.onSwap}>Swap instrument…</Menu.Item>
                    <Menu.Item onClick={props.onRegenerate}>Regenerate (new seed)</Menu.Item>
                  </>
                )}
                <Menu.Divider />
                <Menu.Item color="red" onClick={props.onRemove}>
                  Remove track
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
          <LevelMeter read={read} label={`Level ${track.instrument_name}`} />
        </Stack>
        <Stack gap={4} style={{ minWidth: 0 }} className={props.audible ? undefined : classes.dimmed}>
          {!track.is_drums && track.notes.length > 0 && (
            <SegmentedControl
              size="xs"
              w={150}
              value={view}
              onChange={(value) => setView(value === 'notes' ? 'notes' : 'wave')}
              data={[
                { value: 'wave', label: 'Waveform' },
                { value: 'notes', label: 'Notes' },
              ]}
              aria-label={`View of ${track.instrument_name}`}
            />
          )}
          {view === 'notes' && !track.is_drums ? (
            <PianoRoll notes={track.notes} beats={props.beats} label={`Piano roll of ${track.instrument_name}`} />
          ) : (
            <Waveform
              peaks={track.peaks}
              progress={props.progress}
              scale={props.peakScale}
              dimmed={false}
              label={`Waveform of ${track.instrument_name}`}
              onSeek={props.onSeek}
            />
          )}
        </Stack>
      </div>
    </Paper>
  );
}
