import { Alert, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import type { Choice, Song } from '@/lib/api-types';
import { apiUrl } from '@/lib/api-client';
import { formatTime } from '@/lib/format-time';
import { useSong } from '../api/get-song';
import type { StemSource } from '../audio-engine';
import { useAudioEngine } from '../use-audio-engine';
import { Downloads } from './downloads';
import { TrackRow } from './track-row';
import { Transport } from './transport';

export interface SongPlayerProps {
  songId: string;
  /** Labels for role values; falls back to the raw value. */
  roles?: Choice[];
}

export function SongPlayer({ songId, roles = [] }: SongPlayerProps) {
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
  return <ReadySong song={song.data} roles={roles} />;
}

function ReadySong({ song, roles }: { song: Song; roles: Choice[] }) {
  const stems = useMemo<StemSource[]>(
    () =>
      song.tracks.flatMap((track) =>
        track.stem_url ? [{ id: track.id, url: apiUrl(track.stem_url) }] : [],
      ),
    [song.tracks],
  );
  const { engine, snapshot } = useAudioEngine(stems);
  const duration = snapshot.duration || song.duration_seconds;
  const progress = duration > 0 ? snapshot.position / duration : 0;
  const roleLabel = (value: string) => roles.find((role) => role.value === value)?.label ?? value;
  const anySolo = Object.values(snapshot.mix).some((mix) => mix.soloed);

  return (
    <Stack gap="md" data-testid="player">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
            {song.title}
          </Title>
          <Group gap={6}>
            <Badge variant="default">{song.genre}</Badge>
            <Badge variant="default">{song.mood}</Badge>
            <Badge variant="default">{song.tempo} BPM</Badge>
            <Badge variant="default">
              {song.key} {song.mode}
            </Badge>
            <Badge variant="default">
              {song.bars} bars · {formatTime(song.duration_seconds)}
            </Badge>
          </Group>
        </Stack>
        {song.loudness_lufs !== null && (
          <Text size="xs" c="dimmed">
            {song.loudness_lufs.toFixed(1)} LUFS
            {song.true_peak_dbtp !== null && ` · ${song.true_peak_dbtp.toFixed(1)} dBTP`}
          </Text>
        )}
      </Group>

      <Paper withBorder radius="md" p="sm">
        <Transport
          playing={snapshot.playing}
          ready={snapshot.status === 'ready'}
          position={snapshot.position}
          duration={duration}
          onToggle={() => {
            if (!engine) return;
            if (snapshot.playing) engine.pause();
            else void engine.play();
          }}
          onSeek={(seconds) => engine?.seek(seconds)}
        />
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
          const mix = snapshot.mix[track.id];
          const audible = mix ? !mix.muted && (!anySolo || mix.soloed) : true;
          return (
            <div role="listitem" key={track.id}>
              <TrackRow
                track={track}
                roleLabel={roleLabel(track.role)}
                mix={mix}
                audible={audible}
                progress={progress}
                onMute={(muted) => engine?.setMuted(track.id, muted)}
                onSolo={(soloed) => engine?.setSoloed(track.id, soloed)}
                onVolume={(volume) => engine?.setVolume(track.id, volume)}
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
