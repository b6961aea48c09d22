import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditOp, SongCreateInput } from '@/lib/api-types';
import { FakeAudioContext } from '@/testing/fake-audio-context';
import { editorFixture, SONG_ID, uploadFixture } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { HomePage } from './home-page';

const SLOW = { timeout: 4000 };

const recording = uploadFixture();

describe('Start a song from a recording', () => {
  beforeEach(() => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    document.cookie = 'csrftoken=test-csrf-token; path=/';
  });

  it("fills in the recording's tempo and key, then adds it to the new song as an audio track", async () => {
    const songs: SongCreateInput[] = [];
    const edits: { song: string; op: EditOp }[] = [];
    server.use(
      http.get('*/api/uploads/', () => HttpResponse.json([recording])),
      http.post('*/api/songs/', async ({ request }) => {
        songs.push((await request.json()) as SongCreateInput);
        return HttpResponse.json(
          { song: { id: SONG_ID, status: 'pending' }, job: { id: 'job-1', status: 'queued', progress: 0 } },
          { status: 202 },
        );
      }),
      http.post('*/api/songs/:id/edits', async ({ request, params }) => {
        edits.push({ song: String(params.id), op: (await request.json()) as EditOp });
        return HttpResponse.json({ ...editorFixture(), job: null }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<HomePage />);
    await screen.findByRole('form', { name: 'Song settings' });

    await user.click(screen.getByRole('button', { name: 'Start from a recording…' }));
    await user.click(await screen.findByRole('textbox', { name: 'Recording' }, SLOW));
    await user.click(await screen.findByRole('option', { name: 'guitar take.wav' }));
    await user.click(screen.getByRole('button', { name: 'Use its tempo and key' }));

    expect(await screen.findByTestId('start-from-upload')).toHaveTextContent('guitar take.wav');
    await waitFor(() => expect(screen.getByLabelText('Tempo')).toHaveValue('96 BPM'));
    expect(screen.getByLabelText('Key')).toHaveValue('A');
    expect(screen.getByLabelText('Mode')).toHaveValue('minor');

    await user.click(screen.getByRole('button', { name: 'Generate' }));

    await waitFor(() => expect(songs).toHaveLength(1));
    expect(songs[0]).toMatchObject({ tempo: 96, key: 'A', mode: 'minor' });
    await waitFor(
      () =>
        expect(screen.getByTestId('start-upload-status')).toHaveTextContent(
          'Your recording is an audio track of this song',
        ),
      SLOW,
    );
    expect(edits).toEqual([
      { song: SONG_ID, op: { type: 'add_audio_track', upload: recording.id, source_tempo: 96.4 } },
    ]);
  });
});
