import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api-schema';
import { renderRoute } from '@/testing/render';
import { server } from '@/testing/server';
import { routes } from './routes';

type LibrarySong = components['schemas']['LibrarySong'];
const SLOW = { timeout: 10_000 };

function songEntry(id: number, title: string, overrides: Partial<LibrarySong> = {}): LibrarySong {
  return {
    id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    title,
    status: 'ready',
    genre: 'pop',
    mood: 'happy',
    tempo: 110,
    key: 'C',
    mode: 'major',
    bars: 8,
    duration_seconds: 95,
    is_favourite: false,
    instruments: ['Piano'],
    cover_url: `/api/songs/${id}/cover.svg`,
    created_at: '2025-03-01T10:00:00Z',
    updated_at: '2025-03-01T10:00:00Z',
    ...overrides,
  };
}

/** A tiny server-side library: filters by title like the API, records every query and write. */
function serveLibrary(initial: LibrarySong[], total?: number) {
  let songs = [...initial];
  const deleted = new Map<string, LibrarySong>();
  const queries: URLSearchParams[] = [];
  const writes: { method: string; path: string; body: unknown; csrf: string | null }[] = [];
  const record = async (request: Request) => {
    writes.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body: request.method === 'DELETE' ? null : await request.json().catch(() => null),
      csrf: request.headers.get('X-CSRFToken'),
    });
  };
  server.use(
    http.get('*/api/songs/', ({ request }) => {
      const params = new URL(request.url).searchParams;
      queries.push(params);
      const search = (params.get('search') ?? '').toLowerCase();
      const found = songs.filter((s) => s.title.toLowerCase().includes(search));
      const count = total ?? found.length;
      return HttpResponse.json({
        count,
        page: Number(params.get('page') ?? 1),
        pages: Math.max(1, Math.ceil(count / 12)),
        page_size: 12,
        songs: found,
      });
    }),
    http.patch('*/api/songs/:id', async ({ request, params }) => {
      await record(request.clone());
      const changes = (await request.json()) as Partial<LibrarySong>;
      songs = songs.map((s) => (s.id === params.id ? { ...s, ...changes } : s));
      return HttpResponse.json(songs.find((s) => s.id === params.id));
    }),
    http.delete('*/api/songs/:id', async ({ request, params }) => {
      await record(request);
      const song = songs.find((s) => s.id === params.id);
      if (song) deleted.set(song.id, song);
      songs = songs.filter((s) => s.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post('*/api/songs/:id/restore', async ({ request, params }) => {
      await record(request);
      const song = deleted.get(String(params.id));
      if (!song) return HttpResponse.json({ message: 'Not found.', extra: {} }, { status: 404 });
      songs = [...songs, song];
      return HttpResponse.json(song);
    }),
    http.post('*/api/songs/:id/duplicate', async ({ request, params }) => {
      await record(request.clone());
      const original = songs.find((s) => s.id === params.id);
      if (!original) return HttpResponse.json({ message: 'Not found.', extra: {} }, { status: 404 });
      const copy = { ...original, id: '00000000-0000-4000-8000-999999999999', title: `${original.title} (copy)` };
      songs = [copy, ...songs];
      return HttpResponse.json(copy, { status: 201 });
    }),
  );
  return { queries, writes };
}

describe('Library page', () => {
  it('shows each song as a card with its cover, labels, tempo, key and length', async () => {
    serveLibrary([songEntry(1, 'Morning Sunrise'), songEntry(2, 'Rain Song', { genre: 'jazz', duration_seconds: 40 })]);
    renderRoute(routes, '/library');

    const card = await screen.findByRole('article', { name: 'Morning Sunrise' }, SLOW);
    expect(within(card).getByRole('img', { name: 'Waveform of Morning Sunrise' })).toHaveAttribute(
      'src',
      '/api/songs/1/cover.svg',
    );
    expect(within(card).getByText('Pop')).toBeInTheDocument();
    expect(within(card).getByText('Happy')).toBeInTheDocument();
    expect(within(card).getByText(/110 BPM · C major · 1:35/)).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Morning Sunrise' })).toHaveAttribute(
      'href',
      `/songs/${songEntry(1, '').id}`,
    );
    expect(screen.getByText('2 songs')).toBeInTheDocument();
  });

  it('searches by title and filters by genre through the API, keeping them in the URL', async () => {
    const { queries } = serveLibrary([songEntry(1, 'Morning Sunrise'), songEntry(2, 'Rain Song')]);
    renderRoute(routes, '/library?genre=jazz');
    await screen.findByRole('article', { name: 'Rain Song' }, SLOW);
    expect(queries.at(-1)?.get('genre')).toBe('jazz');

    await userEvent.type(screen.getByRole('textbox', { name: 'Search by title' }), 'sun');

    await waitFor(
      () => expect(screen.queryByRole('article', { name: 'Rain Song' })).not.toBeInTheDocument(),
      SLOW,
    );
    expect(screen.getByRole('article', { name: 'Morning Sunrise' })).toBeInTheDocument();
    expect(queries.at(-1)?.get('search')).toBe('sun');
    expect(queries.at(-1)?.get('genre')).toBe('jazz');
    expect(screen.getByText('1 song found')).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Sort'), 'longest');
    await waitFor(() => expect(queries.at(-1)?.get('sort')).toBe('longest'), SLOW);
  });

  it('deletes a song with an undo that restores it', async () => {
    const { writes } = serveLibrary([songEntry(1, 'Morning Sunrise'), songEntry(2, 'Rain Song')]);
    renderRoute(routes, '/library');
    const card = await screen.findByRole('article', { name: 'Rain Song' }, SLOW);

    await userEvent.click(within(card).getByRole('button', { name: 'More for Rain Song' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Delete' }));

    await waitFor(
      () => expect(screen.queryByRole('article', { name: 'Rain Song' })).not.toBeInTheDocument(),
      SLOW,
    );
    const toast = screen.getByRole('status');
    expect(toast).toHaveTextContent('Deleted “Rain Song”.');
    await userEvent.click(within(toast).getByRole('button', { name: 'Undo' }));

    expect(await screen.findByRole('article', { name: 'Rain Song' }, SLOW)).toBeInTheDocument();
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      `DELETE /api/songs/${songEntry(2, '').id}`,
      `POST /api/songs/${songEntry(2, '').id}/restore`,
    ]);
    expect(writes.every((w) => w.csrf === 'test-csrf-token')).toBe(true);
  });

  it('renames, favourites and duplicates', async () => {
    const { writes } = serveLibrary([songEntry(1, 'Morning Sunrise')]);
    renderRoute(routes, '/library');
    const card = await screen.findByRole('article', { name: 'Morning Sunrise' }, SLOW);

    await userEvent.click(within(card).getByRole('button', { name: 'Favourite Morning Sunrise' }));
    await screen.findByRole('button', { name: 'Unfavourite Morning Sunrise' }, SLOW);

    await userEvent.click(within(card).getByRole('button', { name: 'More for Morning Sunrise' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Rename' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.clear(within(dialog).getByLabelText('Title'));
    await userEvent.type(within(dialog).getByLabelText('Title'), 'Sunrise Remix');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const renamed = await screen.findByRole('article', { name: 'Sunrise Remix' }, SLOW);

    await userEvent.click(within(renamed).getByRole('button', { name: 'More for Sunrise Remix' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Duplicate' }));
    expect(await screen.findByRole('article', { name: 'Sunrise Remix (copy)' }, SLOW)).toBeInTheDocument();

    expect(writes.map((w) => [w.method, w.body])).toEqual([
      ['PATCH', { is_favourite: true }],
      ['PATCH', { title: 'Sunrise Remix' }],
      ['POST', {}],
    ]);
  });

  it('pages through a long library', async () => {
    const { queries } = serveLibrary([songEntry(1, 'Morning Sunrise')], 30);
    renderRoute(routes, '/library');
    await screen.findByRole('article', { name: 'Morning Sunrise' }, SLOW);

    await userEvent.click(screen.getByRole('button', { name: 'Page 3' }));

    await waitFor(() => expect(queries.at(-1)?.get('page')).toBe('3'), SLOW);
  });

  it('says when there are no songs yet', async () => {
    serveLibrary([]);
    renderRoute(routes, '/library');

    expect(await screen.findByText('No songs yet.', {}, SLOW)).toBeInTheDocument();
  });
});

describe('Library page while a song is being made', () => {
  it('shows it as being made, then as finished without a reload', async () => {
    let calls = 0;
    server.use(
      http.get('*/api/songs/', () => {
        calls += 1;
        const song = songEntry(1, 'Fresh Tune', { status: calls === 1 ? 'pending' : 'ready' });
        return HttpResponse.json({ count: 1, page: 1, pages: 1, page_size: 12, songs: [song] });
      }),
    );
    renderRoute(routes, '/library');
    const card = await screen.findByRole('article', { name: 'Fresh Tune' }, SLOW);
    expect(within(card).getByText('Being made')).toBeInTheDocument();

    await waitFor(() => expect(within(card).queryByText('Being made')).not.toBeInTheDocument(), SLOW);
    expect(calls).toBe(2);
  });
});
