import { ActionIcon, Anchor, Badge, Card, Group, Image, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { formatTime } from '@/lib/format-time';
import type { LibrarySong } from '../types';
import { DotsIcon, StarIcon } from '@/components/ui/icons';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export interface SongCardActions {
  onFavourite: (song: LibrarySong) => void;
  onRename: (song: LibrarySong) => void;
  onDuplicate: (song: LibrarySong) => void;
  onDelete: (song: LibrarySong) => void;
}

export function SongCard({
  song,
  labels,
  actions,
}: {
  song: LibrarySong;
  labels: { genre: string; mood: string; mode: string };
  actions: SongCardActions;
}) {
  const ready = song.status === 'ready';
  const edited = song.updated_at.slice(0, 16) !== song.created_at.slice(0, 16);
  return (
    <Card withBorder radius="lg" padding="sm" component="article" aria-label={song.title}>
      <Card.Section pos="relative">
        <Link to={`/songs/${song.id}`} aria-label={`Open ${song.title} in the editor`} tabIndex={-1}>
          <Image src={song.cover_url} alt={`Waveform of ${song.title}`} h={150} fit="cover" />
        </Link>
        {!ready && (
          <Badge pos="absolute" top={8} left={8} color={song.status === 'failed' ? 'red' : 'gray'}>
            {song.status === 'failed' ? 'Failed' : 'Being made'}
          </Badge>
        )}
      </Card.Section>
      <Stack gap={6} mt="sm">
        <Group justify="space-between" wrap="nowrap" gap={4} align="flex-start">
          <Anchor
            component={Link}
            to={`/songs/${song.id}`}
            fw={600}
            c="inherit"
            lineClamp={2}
            style={{ wordBreak: 'break-word' }}
          >
            {song.title}
          </Anchor>
          <Group gap={0} wrap="nowrap">
            <Tooltip label={song.is_favourite ? 'Remove from favourites' : 'Add to favourites'}>
              <ActionIcon
                variant="subtle"
                color={song.is_favourite ? 'yellow' : 'gray'}
                aria-label={song.is_favourite ? `Unfavourite ${song.title}` : `Favourite ${song.title}`}
                aria-pressed={song.is_favourite ?? false}
                onClick={() => actions.onFavourite(song)}
              >
                <StarIcon size={18} filled={song.is_favourite ?? false} />
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`More for ${song.title}`}>
                  <DotsIcon size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component={Link} to={`/songs/${song.id}`}>
                  Open in editor
                </Menu.Item>
                <Menu.Item onClick={() => actions.onRename(song)}>Rename</Menu.Item>
                <Menu.Item onClick={() => actions.onDuplicate(song)} disabled={!ready}>
                  Duplicate
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item color="red" onClick={() => actions.onDelete(song)}>
                  Delete
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        <Group gap={4}>
          <Badge variant="light" size="sm">
            {labels.genre}
          </Badge>
          <Badge variant="light" size="sm" color="grape">
            {labels.mood}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {Math.round(song.tempo)} BPM · {song.key} {labels.mode}
          {song.duration_seconds ? ` · ${formatTime(song.duration_seconds)}` : ''}
        </Text>
        <Text size="xs" c="dimmed">
          Made {dateFormat.format(new Date(song.created_at))}
          {edited ? ` · edited ${dateFormat.format(new Date(song.updated_at))}` : ''}
        </Text>
      </Stack>
    </Card>
  );
}
