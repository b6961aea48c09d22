import { Alert, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useMemo } from 'react';
import type { Choice, Song } from '@/lib/api-types';
import { apiUrl } from '@/lib/api-client';
import { formatTime } from '@/lib/format-time';
import { useSong } from '../api/get-song';
import { dbToLinear, type StemSource } from '@/lib/audio-engine';
import { usePlayerShortcuts } from '@/lib/keyboard-shortcuts';
import { useAudioEngine } from '@/lib/use-audio-engine';
import { Downloads } from './downloads';
import { TrackRow } from './track-row';
import { Transport } from './transport';

/** Labels for the spec's values; a value without one is shown as it is. */
export type SongLabels = Partial<Record<'genres' | 'moods' | 'modes' | 'roles', Choice[]>>;

const MAX_PEAK_SCALE = 10;

export interface SongPlayerProps {
  songId: string;
  labels?: SongLabels;
  /** Extra buttons next to the title ("Open in editor"). */
  actions?: ReactNode;
}

export function SongPlayer({ songId, labels = {}, actions }: SongPlayerProps) {
  const song = useSong(songId);
  if (song.isPending) {
    return (
      <Group justify="center" p="xl">
        <Loader aria-label="Loading the song" />
      </Group>
    );
  }
  if (song.isError) {
    return (
      <Alert color="red" title="Could not load the song">
        {song.error.message}
      </Alert>
    );
  }
  if (song.data.status !== 'ready') {
    return (
      <Group justify="center" p="xl">
        <Loader aria-label="Finishing the song" />
      </Group>
    );
  }
  return <ReadySong song={song.data} labels={labels} actions={actions} />;
}

function labelOf(choices: Choice[] | undefined, value: string): string {
  return choices?.find((choice) => choice.value === value)?.label ?? value;
}

function ReadySong({ song, labels, actions }: { song: Song; labels: SongLabels; actions: ReactNode }) {
  const stems = useMemo<StemSource[]>(
    () =>
      song.tracks.flatMap((track) =>
        track.stem_url
          ? [
              {
                id: track.id,
                url: apiUrl(track.stem_url),
                // The server mixes at these fader positions; the browser starts from the same.
                volume: dbToLinear(track.gain_db),
                pan: track.pan,
                muted: track.mute,
                soloed: track.solo,
                fileGainDb: track.stem_gain_db,
              },
            ]
          : [],
      ),
    [song.tracks],
  );
  const { engine, snapshot } = useAudioEngine(stems);
  const duration = snapshot.duration || (song.duration_seconds ?? 0);
  const progress = duration > 0 ? snapshot.position / duration : 0;
  // Draw the loudest track full height and the others relative to it.
  const peakScale = useMemo(() => {
    const loudest = Math.max(0, ...song.tracks.flatMap((track) => track.peaks));
    return loudest > 0 ? Math.min(MAX_PEAK_SCALE, 1 / loudest) : 1;
  }, [song.tracks]);
  const anySolo = Object.values(snapshot.mix).some((mix) => mix.soloed);
  const togglePlay = () => {
    if (!engine) return;
    if (engine.getSnapshot().playing) engine.pause();
    else void engine.play();
  };
  usePlayerShortcuts({
    togglePlay,
    seekBy: (seconds) => engine?.seek(Math.min(duration, Math.max(0, engine.getSnapshot().position + seconds))),
    toggleMute: (id) => engine?.setMuted(id, !(engine.getSnapshot().mix[id]?.muted ?? false)),
    toggleSolo: (id) => engine?.setSoloed(id, !(engine.getSnapshot().mix[id]?.soloed ?? false)),
  });

  return (
    <Stack gap="md" data-testid="player">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
            {song.title}
          </Title>
          <Group gap={6}>
            <Badge variant="default">{labelOf(labels.genres, song.genre)}</Badge>
            <Badge variant="default">{labelOf(labels.moods, song.mood)}</Badge>
            <Badge variant="default">{song.tempo} BPM</Badge>
            <Badge variant="default">
              {song.key} {labelOf(labels.modes, song.mode)}
            </Badge>
            <Badge variant="default">
              {song.bars ?? '?'} bars · {formatTime(song.duration_seconds ?? 0)}
            </Badge>
            <Badge variant="default" tt="none" title="Lock this seed under Details to make this song again">
              Seed {song.seed}
            </Badge>
          </Group>
        </Stack>
        {actions}
        {typeof song.loudness_lufs === 'number' && (
          <Text size="xs" c="dimmed">
            {song.loudness_lufs.toFixed(1)} LUFS
            {typeof song.true_peak_dbtp === 'number' && ` · ${song.true_peak_dbtp.toFixed(1)} dBTP`}
          </Text>
        )}
      </Group>

      <Paper withBorder radius="md" p="sm">
        <Transport
          playing={snapshot.playing}
          ready={snapshot.status === 'ready'}
          position={snapshot.position}
          duration={duration}
          onToggle={togglePlay}
          onSeek={(seconds) => engine?.seek(seconds)}
        />
        <Text size="xs" c="dimmed" mt={4} visibleFrom="sm">
          Space plays and pauses, ← → seek 5 s; press ? for every shortcut.
        </Text>
        {snapshot.status === 'loading' && (
          <Group gap="xs" mt="xs">
            <Loader size="xs" />
            <Text size="xs" c="dimmed">
              Loading stems…
            </Text>
          </Group>
        )}
      </Paper>
      {snapshot.status === 'error' && (
        <Alert color="red" title="Playback unavailable">
          {snapshot.error}
        </Alert>
      )}

      <Stack gap="xs" aria-label="Tracks" role="list">
        {song.tracks.map((track) => {
          const channelId = track.id;
          const mix = snapshot.mix[channelId];
          const audible = mix ? !mix.muted && (!anySolo || mix.soloed) : true;
          return (
            <div role="listitem" key={track.id}>
              <TrackRow
                track={track}
                roleLabel={labelOf(labels.roles, track.role)}
                mix={mix}
                audible={audible}
                progress={progress}
                peakScale={peakScale}
                onMute={(muted) => engine?.setMuted(channelId, muted)}
                onSolo={(soloed) => engine?.setSoloed(channelId, soloed)}
                onVolume={(volume) => engine?.setVolume(channelId, volume)}
                onSeek={(fraction) => engine?.seek(fraction * duration)}
              />
            </div>
          );
        })}
      </Stack>

      <Stack gap={6}>
        <Text size="sm" fw={600}>
          Download
        </Text>
        <Downloads downloads={song.downloads} />
      </Stack>
    </Stack>
  );
}
