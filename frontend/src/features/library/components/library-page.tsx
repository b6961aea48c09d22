import {
  Alert,
  Button,
  Center,
  Chip,
  Group,
  Loader,
  NativeSelect,
  Pagination,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '@/lib/api-client';
import { useDeleteSong } from '../api/delete-song';
import { useDuplicateSong } from '../api/duplicate-song';
import { useLibrary } from '../api/get-library';
import { useComposerOptions } from '../api/get-options';
import { useRestoreSong } from '../api/restore-song';
import { useUpdateSong } from '../api/update-song';
import type { LibrarySong, LibrarySort } from '../types';
import { SearchIcon } from '@/components/ui/icons';
import { RenameModal } from './rename-modal';
import { SongCard, type SongCardActions } from './song-card';
import { UndoToast } from './undo-toast';

const PAGE_SIZE = 12;
const SORTS: { value: LibrarySort; label: string }[] = [
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
  { value: 'edited', label: 'Recently edited' },
  { value: 'title', label: 'Title A–Z' },
  { value: 'title_desc', label: 'Title Z–A' },
  { value: 'longest', label: 'Longest first' },
  { value: 'shortest', label: 'Shortest first' },
];

function labelOf(choices: { value: string; label: string }[] | undefined, value: string) {
  return choices?.find((choice) => choice.value === value)?.label ?? value;
}

export function LibraryPage() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const genre = params.get('genre') ?? '';
  const mood = params.get('mood') ?? '';
  const key = params.get('key') ?? '';
  const sort = (params.get('sort') ?? 'newest') as LibrarySort;
  const favourites = params.get('favourites') === '1';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  const setParam = useCallback(
    (name: string, value: string) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value) next.set(name, value);
          else next.delete(name);
          if (name !== 'page') next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  useEffect(() => {
    if (debouncedSearch !== (params.get('q') ?? '')) setParam('q', debouncedSearch.trim());
  }, [debouncedSearch, params, setParam]);

  const options = useComposerOptions();
  const library = useLibrary({
    search: params.get('q') ?? '',
    genre,
    mood,
    key,
    sort,
    favourites,
    page,
    page_size: PAGE_SIZE,
  });
  const update = useUpdateSong();
  const duplicate = useDuplicateSong();
  const remove = useDeleteSong();
  const restore = useRestoreSong();
  const [renaming, setRenaming] = useState<LibrarySong | null>(null);
  const [deleted, setDeleted] = useState<LibrarySong | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const closeToast = useCallback(() => setDeleted(null), []);

  const failed = (error: unknown) =>
    setActionError(error instanceof Error ? error.message : 'Something went wrong. Try again.');
  const actions: SongCardActions = {
    onFavourite: (song) =>
      update.mutate({ id: song.id, is_favourite: !song.is_favourite }, { onError: failed }),
    onRename: (song) => {
      update.reset();
      setRenaming(song);
    },
    onDuplicate: (song) => duplicate.mutate(song.id, { onError: failed }),
    onDelete: (song) =>
      remove.mutate(song.id, { onSuccess: () => setDeleted(song), onError: failed }),
  };

  const data = library.data;
  const filtered = Boolean(params.get('q') || genre || mood || key || favourites);
  const renameError =
    update.error instanceof ApiError ? (update.error.fieldErrors.title ?? update.error.message) : null;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1} size="h2">
            Your library
          </Title>
          <Text c="dimmed" size="sm">
            {data ? `${data.count} ${data.count === 1 ? 'song' : 'songs'}${filtered ? ' found' : ''}` : ' '}
          </Text>
        </Stack>
        <Button component={Link} to="/">
          Make a song
        </Button>
      </Group>

      <Stack gap="sm" component="search" aria-label="Find songs">
        <TextInput
          aria-label="Search by title"
          placeholder="Search by title"
          leftSection={<SearchIcon size={18} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label="Genre"
            data={[{ value: '', label: 'Any genre' }, ...(options.data?.genres ?? [])]}
            value={genre}
            onChange={(event) => setParam('genre', event.currentTarget.value)}
          />
          <NativeSelect
            label="Mood"
            data={[{ value: '', label: 'Any mood' }, ...(options.data?.moods ?? [])]}
            value={mood}
            onChange={(event) => setParam('mood', event.currentTarget.value)}
          />
          <NativeSelect
            label="Key"
            data={[{ value: '', label: 'Any key' }, ...(options.data?.keys ?? []).map((k) => ({ value: k, label: k }))]}
            value={key}
            onChange={(event) => setParam('key', event.currentTarget.value)}
          />
          <NativeSelect
            label="Sort"
            data={SORTS}
            value={sort}
            onChange={(event) => setParam('sort', event.currentTarget.value === 'newest' ? '' : event.currentTarget.value)}
          />
          <Chip
            checked={favourites}
            onChange={(checked) => setParam('favourites', checked ? '1' : '')}
            mb={4}
          >
            Favourites
          </Chip>
        </Group>
      </Stack>

      {actionError && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setActionError(null)}>
          {actionError}
        </Alert>
      )}
      {library.isError && (
        <Alert color="red" role="alert">
          {library.error.message}
        </Alert>
      )}
      {library.isPending && (
        <Center py="xl">
          <Loader aria-label="Loading your songs" />
        </Center>
      )}
      {data && data.count === 0 && (
        <Center py="xl">
          <Stack align="center" gap="xs">
            <Text fw={500}>{filtered ? 'No song matches.' : 'No songs yet.'}</Text>
            <Text c="dimmed" size="sm" ta="center">
              {filtered
                ? 'Try another search or clear the filters.'
                : 'Press “Make a song”, describe it and Generate: every song you make is kept here.'}
            </Text>
          </Stack>
        </Center>
      )}
      {data && data.count > 0 && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="md">
          {data.songs.map((song) => (
            <SongCard
              key={song.id}
              song={song}
              actions={actions}
              labels={{
                genre: labelOf(options.data?.genres, song.genre),
                mood: labelOf(options.data?.moods, song.mood),
                mode: labelOf(options.data?.modes, song.mode).toLowerCase(),
              }}
            />
          ))}
        </SimpleGrid>
      )}
      {data && data.pages > 1 && (
        <Center>
          <Pagination
            total={data.pages}
            value={data.page}
            onChange={(next) => setParam('page', next === 1 ? '' : String(next))}
            getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
            getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          />
        </Center>
      )}

      {renaming && (
        <RenameModal
          title={renaming.title}
          saving={update.isPending}
          error={renameError}
          onClose={() => setRenaming(null)}
          onSave={(title) =>
            update.mutate({ id: renaming.id, title }, { onSuccess: () => setRenaming(null) })
          }
        />
      )}
      {deleted && (
        <UndoToast
          message={`Deleted “${deleted.title}”.`}
          undoing={restore.isPending}
          onClose={closeToast}
          onUndo={() => restore.mutate(deleted.id, { onSuccess: closeToast, onError: failed })}
        />
      )}
    </Stack>
  );
}
