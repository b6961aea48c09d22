import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job, SongCreateInput } from '@/lib/api-types';
import { FakeAudioContext } from '@/testing/fake-audio-context';
import { JOB_ID, jobFixture, songFixture } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { HomePage } from './home-page';

const SLOW = { timeout: 4000 };

function capturePosts() {
  const posts: { body: SongCreateInput; csrf: string | null }[] = [];
  server.use(
    http.post('*/api/songs/', async ({ request }) => {
      posts.push({
        body: (await request.json()) as SongCreateInput,
        csrf: request.headers.get('X-CSRFToken'),
      });
      return HttpResponse.json(
        { song: songFixture({ status: 'pending' }), job: jobFixture() },
        { status: 202 },
      );
    }),
  );
  return posts;
}

function serveJobSequence(jobs: Job[]) {
  let calls = 0;
  server.use(
    http.get('*/api/jobs/:id', () => {
      const job = jobs[Math.min(calls, jobs.length - 1)];
      calls += 1;
      return HttpResponse.json(job);
    }),
  );
}

async function renderForm({ details = true } = {}) {
  const user = userEvent.setup();
  renderWithProviders(<HomePage />);
  await screen.findByRole('form', { name: 'Song settings' });
  if (details) {
    await user.click(screen.getByRole('button', { name: /^Details/ }));
    // The details unfold on the next animation frame.
    await screen.findByRole('button', { name: 'Lock seed' });
  }
  return user;
}

function servePrompt(spec: Record<string, unknown> = {}) {
  const prompts: { text: string; csrf: string | null }[] = [];
  server.use(
    http.post('*/api/prompt', async ({ request }) => {
      prompts.push({
        text: ((await request.json()) as { text: string }).text,
        csrf: request.headers.get('X-CSRFToken'),
      });
      return HttpResponse.json({
        spec: {
          genre: 'lofi',
          mood: 'calm',
          tempo: 72,
          key: 'A',
          mode: 'minor',
          instruments: [
            { instrument: 'piano', role: 'chords' },
            { instrument: 'drums', role: 'drums' },
          ],
          length_seconds: null,
          length_bars: 16,
          seed: 99,
          ...spec,
        },
        matched: { tempo: 'slow → 72 BPM', genre: 'lo-fi → Lo-fi' },
      });
    }),
  );
  return prompts;
}

describe('HomePage', () => {
  beforeEach(() => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    document.cookie = 'csrftoken=test-csrf-token; path=/';
  });

  it('builds the form from the server options', async () => {
    await renderForm();
    const genre = screen.getByLabelText('Genre');
    expect(within(genre).getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Pop',
      'Rock',
      'Lo-fi hip hop',
    ]);
    expect(genre).toHaveValue('pop');
    expect(within(screen.getByLabelText('Key')).getAllByRole('option')).toHaveLength(12);
    expect(screen.getByLabelText('Tempo')).toHaveValue('110 BPM');
    const rows = screen.getAllByTestId('instrument-row');
    expect(rows).toHaveLength(3);
    expect(screen.getByLabelText('Instrument 3')).toHaveValue('drums');
    expect(screen.getByLabelText('Role 3')).toHaveValue('drums');
  });

  it('loads the genre defaults when the genre changes', async () => {
    const user = await renderForm();
    await user.selectOptions(screen.getByLabelText('Genre'), 'rock');
    expect(screen.getByLabelText('Tempo')).toHaveValue('128 BPM');
    expect(screen.getByLabelText('Mode')).toHaveValue('minor');
    expect(screen.getAllByTestId('instrument-row')).toHaveLength(2);
  });

  it('shows validation messages and posts nothing while the form is invalid', async () => {
    const posts = capturePosts();
    const user = await renderForm();
    const tempo = screen.getByLabelText('Tempo');
    await user.clear(tempo);
    await user.type(tempo, '500');
    const length = screen.getByLabelText('Length');
    await user.clear(length);
    await user.type(length, '3');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(await screen.findByText('Tempo must be a whole number from 40 to 240 BPM.')).toBeVisible();
    expect(screen.getByText('Length must be from 8 to 600 seconds.')).toBeVisible();
    expect(posts).toHaveLength(0);
  });

  it('fills the form from a text description and shows what it read', async () => {
    const prompts = servePrompt();
    const posts = capturePosts();
    const user = await renderForm();
    await user.type(screen.getByLabelText('Describe your song'), ' slow lofi in A minor, 16 bars ');
    await user.click(screen.getByRole('button', { name: 'Fill in from text' }));

    const matched = await screen.findByTestId('prompt-matched');
    expect(prompts).toEqual([{ text: 'slow lofi in A minor, 16 bars', csrf: 'test-csrf-token' }]);
    expect(within(matched).getByText('Tempo: slow → 72 BPM')).toBeInTheDocument();
    expect(screen.getByLabelText('Genre')).toHaveValue('lofi');
    expect(screen.getByLabelText('Tempo')).toHaveValue('72 BPM');
    expect(screen.getByLabelText('Seed')).toHaveValue('');

    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(prompts).toHaveLength(1); // the text did not change: it is not read again
    expect(posts[0]?.body).toEqual({
      genre: 'lofi',
      mood: 'calm',
      tempo: 72,
      key: 'A',
      mode: 'minor',
      length_bars: 16,
      instruments: [
        { instrument: 'piano', role: 'chords' },
        { instrument: 'drums', role: 'drums' },
      ],
    }); // no seed: the server draws a new one, so the same words make a new song each time
  });

  it('generates from a sentence alone, reading it first, with a new seed each time', async () => {
    const prompts = servePrompt();
    const posts = capturePosts();
    const user = await renderForm({ details: false });
    await user.type(screen.getByLabelText('Describe your song'), 'slow lofi');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(posts).toHaveLength(2));

    expect(prompts.map((prompt) => prompt.text)).toEqual(['slow lofi']);
    expect(posts.map((post) => [post.body.genre, post.body.tempo, post.body.seed])).toEqual([
      ['lofi', 72, undefined],
      ['lofi', 72, undefined],
    ]);
    expect(screen.getByRole('button', { name: /^Details/ })).toHaveTextContent('new seed each time');
  });

  it('sends a locked seed; typing a seed locks it and unlocking clears it', async () => {
    const posts = capturePosts();
    const user = await renderForm();
    const lock = screen.getByRole('button', { name: 'Lock seed' });
    expect(lock).toHaveAttribute('aria-pressed', 'false');
    await user.type(screen.getByLabelText('Seed'), '42');
    expect(lock).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]?.body.seed).toBe(42);

    await user.click(lock);
    expect(lock).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByLabelText('Seed')).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(posts).toHaveLength(2));
    expect(posts[1]?.body.seed).toBeUndefined();
    // Locking an empty seed keeps the one the last song got, to make it again.
    await user.click(lock);
    expect(screen.getByLabelText('Seed')).toHaveValue(String(songFixture().seed));
  });

  it('"Surprise me" fills the settings in and leaves Generate to the user', async () => {
    const posts = capturePosts();
    const user = await renderForm({ details: false });
    await user.click(screen.getByRole('button', { name: 'Surprise me' }));

    expect(screen.getByRole('button', { name: /^Details/ })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByLabelText('Seed')).toHaveValue('');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(posts).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(posts).toHaveLength(1));
  });

  it('posts the spec with the CSRF token', async () => {
    const posts = capturePosts();
    const user = await renderForm();
    await user.type(screen.getByLabelText('Title'), '  Night drive ');
    await user.selectOptions(screen.getByLabelText('Mood'), 'dark');
    await user.selectOptions(screen.getByLabelText('Key'), 'F#');
    await user.selectOptions(screen.getByLabelText('Role 1'), 'melody');
    await user.click(screen.getByRole('button', { name: 'Remove instrument 2' }));
    await user.click(screen.getByRole('radio', { name: 'bars' }));
    const length = screen.getByLabelText('Length');
    await user.clear(length);
    await user.type(length, '8');
    await user.type(screen.getByLabelText('Seed'), '1234');
    await user.click(screen.getByRole('button', { name: 'Generate' }));

    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]?.csrf).toBe('test-csrf-token');
    expect(posts[0]?.body).toEqual({
      title: 'Night drive',
      genre: 'pop',
      mood: 'dark',
      tempo: 110,
      key: 'F#',
      mode: 'major',
      instruments: [
        { instrument: 'piano', role: 'melody' },
        { instrument: 'drums', role: 'drums' },
      ],
      length_bars: 8,
      seed: 1234,
    });
  });

  it('shows the server field errors next to the fields and the message in an alert', async () => {
    server.use(
      http.post('*/api/songs/', () =>
        HttpResponse.json(
          {
            message: 'Invalid song settings.',
            extra: {
              fields: {
                tempo: ['Too fast for this genre.'],
                instruments: [{}, { role: ['This instrument cannot play drums.'] }],
              },
            },
          },
          { status: 400 },
        ),
      ),
    );
    const user = await renderForm();
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Invalid song settings.');
    expect(screen.getByText('Too fast for this genre.')).toBeVisible();
    expect(screen.getByText('This instrument cannot play drums.')).toBeVisible();
    expect(screen.getByLabelText('Tempo')).toHaveAttribute('aria-invalid', 'true');
  });

  it('follows the job with a progress bar, then lists the tracks in the player', async () => {
    serveJobSequence([
      jobFixture({ status: 'queued', progress: 0, stage: 'Queued' }),
      jobFixture({ status: 'running', progress: 40, stage: 'Rendering stems' }),
      jobFixture({ status: 'succeeded', progress: 100, stage: 'Done' }),
    ]);
    const user = await renderForm();
    await user.click(screen.getByRole('button', { name: 'Generate' }));

    const bar = await screen.findByRole('progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '0');
    expect(await screen.findByText('Rendering stems', {}, SLOW)).toBeVisible();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '40');

    const player = await screen.findByTestId('player', {}, SLOW);
    const rows = await within(player).findAllByTestId('track-row');
    expect(rows.map((row) => within(row).getAllByText(/./)[0]?.textContent)).toEqual([
      'Acoustic Grand Piano',
      'Electric Bass (finger)',
      'Standard Drum Kit',
    ]);
    expect(within(rows[2] as HTMLElement).getByText('Drums')).toBeVisible();
    expect(within(player).getByTestId('position')).toHaveTextContent('0:00 / 0:17');
    expect(within(player).getByRole('link', { name: 'MP3' })).toHaveAttribute(
      'href',
      `/api/songs/${songFixture().id}/download?format=mp3`,
    );

    const mute = within(player).getByRole('button', { name: 'Mute Standard Drum Kit' });
    await waitFor(() => expect(within(player).getByTestId('play-toggle')).toBeEnabled());
    await user.click(mute);
    expect(mute).toHaveAttribute('aria-pressed', 'true');
    expect(window.__player?.targetGain('t3')).toBe(0);
    expect(window.__player?.targetGain('t1')).toBeGreaterThan(0);

    // Shortcuts where the player is: M and S act on the track row that holds the focus.
    within(rows[0] as HTMLElement).getByRole('button', { name: 'Solo Acoustic Grand Piano' }).focus();
    await user.keyboard('m');
    expect(within(player).getByRole('button', { name: 'Mute Acoustic Grand Piano' })).toHaveAttribute('aria-pressed', 'true');
    await user.keyboard('s');
    expect(within(player).getByRole('button', { name: 'Solo Acoustic Grand Piano' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(player).getByRole('slider', { name: 'Seek' })).toBeInTheDocument();
  });

  it('shows why a job failed and tries again', async () => {
    const posts = capturePosts();
    serveJobSequence([
      jobFixture({ status: 'failed', progress: 30, stage: 'Rendering', error: 'SoundFont missing.' }),
    ]);
    const user = await renderForm();
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    const failure = await screen.findByTestId('job-failed', {}, SLOW);
    expect(failure).toHaveTextContent('SoundFont missing.');
    serveJobSequence([jobFixture({ id: JOB_ID, status: 'running', progress: 10, stage: 'Composing' })]);
    await user.click(within(failure).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(posts).toHaveLength(2));
    expect(posts[1]?.body).toEqual(posts[0]?.body);
  });
});
