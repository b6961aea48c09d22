import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditOp } from '@/lib/api-types';
import { FakeAudioContext } from '@/testing/fake-audio-context';
import { editorFixture, jobFixture, SONG_ID } from '@/testing/fixtures';
import { renderRoute } from '@/testing/render';
import { server } from '@/testing/server';
import { routes } from './routes';

const SLOW = { timeout: 4000 };

function captureEdits() {
  const edits: EditOp[] = [];
  server.use(
    http.post('*/api/songs/:id/edits', async ({ request }) => {
      const op = (await request.json()) as EditOp;
      edits.push(op);
      if (op.type === 'set_tempo' && op.tempo > 200) {
        return HttpResponse.json(
          { message: 'Some fields are not valid.', extra: { fields: { tempo: ['Too fast.'] } } },
          { status: 400 },
        );
      }
      const state = editorFixture({ can_undo: true });
      return HttpResponse.json({ ...state, job: null }, { status: 201 });
    }),
  );
  return edits;
}

async function openEditor() {
  const user = userEvent.setup();
  renderRoute(routes, `/songs/${SONG_ID}`);
  await screen.findByTestId('editor');
  await waitFor(() => expect(screen.getByTestId('play-toggle')).toBeEnabled(), SLOW);
  return user;
}

describe('EditorPage', () => {
  beforeEach(() => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    vi.stubGlobal('requestAnimationFrame', () => 0);
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    document.cookie = 'csrftoken=test-csrf-token; path=/';
  });

  it('renders a lane per track with the server mix applied to the engine', async () => {
    await openEditor();
    const lanes = screen.getAllByTestId('track-lane');
    expect(lanes).toHaveLength(3);
    expect(within(lanes[0] as HTMLElement).getByText('Acoustic Grand Piano')).toBeVisible();
    // 0 dB fader, file attenuated by 6 dB: played back 6 dB up.
    expect(window.__player?.targetGain('t1')).toBeCloseTo(10 ** (6 / 20), 5);
  });

  it('a fader release sends track_gain and the engine follows at once', async () => {
    const edits = captureEdits();
    await openEditor();
    const thumb = screen.getByLabelText('Volume Electric Bass (finger)');
    thumb.focus();
    fireEvent.keyDown(thumb, { key: 'ArrowLeft' }); // an arrow moves a fader 1 dB
    expect(window.__player?.targetGain('t2')).toBeCloseTo(10 ** (-1 / 20) * 10 ** (6 / 20), 5);
    await waitFor(() => expect(edits).toContainEqual({ type: 'track_gain', track: 't2', gain_db: -1 }));
  });

  it('arrow keys step a pan 5 % and Page Down a fader 6 dB', async () => {
    const edits = captureEdits();
    await openEditor();
    const pan = screen.getByLabelText('Pan Electric Bass (finger)');
    pan.focus();
    fireEvent.keyDown(pan, { key: 'ArrowLeft' });
    await waitFor(() => expect(edits).toContainEqual({ type: 'track_pan', track: 't2', pan: -0.05 }));
    const fader = screen.getByLabelText('Volume Acoustic Grand Piano');
    fader.focus();
    fireEvent.keyDown(fader, { key: 'PageDown' });
    await waitFor(() => expect(edits).toContainEqual({ type: 'track_gain', track: 't1', gain_db: -6 }));
  });

  it('undo and redo buttons and keyboard shortcuts call the endpoints', async () => {
    const calls: string[] = [];
    server.use(
      http.get('*/api/songs/:id/editor', () => HttpResponse.json(editorFixture({ can_undo: true, can_redo: true }))),
      http.post('*/api/songs/:id/undo', () => {
        calls.push('undo');
        return HttpResponse.json({ ...editorFixture({ can_undo: true, can_redo: true }), job: null });
      }),
      http.post('*/api/songs/:id/redo', () => {
        calls.push('redo');
        return HttpResponse.json({ ...editorFixture({ can_undo: true, can_redo: true }), job: null });
      }),
    );
    const user = await openEditor();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(calls).toEqual(['undo']));
    await user.click(screen.getByRole('button', { name: 'Redo' }));
    await waitFor(() => expect(calls).toEqual(['undo', 'redo']));
    fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(calls).toEqual(['undo', 'redo', 'undo']));
    fireEvent.keyDown(window, { key: 'Z', metaKey: true, shiftKey: true });
    await waitFor(() => expect(calls).toEqual(['undo', 'redo', 'undo', 'redo']));
  });

  it('shows the message of a 400', async () => {
    captureEdits();
    const user = await openEditor();
    const tempo = screen.getByLabelText('Tempo (BPM)');
    await user.clear(tempo);
    await user.type(tempo, '230');
    await user.click(screen.getByRole('button', { name: 'Set' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields are not valid.');
  });

  it('the export dialog follows the job and offers the download', async () => {
    const exportId = '33333333-3333-4333-8333-333333333333';
    const exportRecord = {
      id: exportId,
      format: 'wav24',
      status: 'ready',
      filename: 'song.wav',
      download_url: '/media/exports/song.wav',
      created_at: '2025-01-01T00:00:00Z',
    };
    const posted: unknown[] = [];
    let polls = 0;
    server.use(
      http.post('*/api/songs/:id/exports', async ({ request }) => {
        posted.push(await request.json());
        return HttpResponse.json(
          { export: { ...exportRecord, status: 'pending', download_url: null }, job: jobFixture({ kind: 'export' }) },
          { status: 202 },
        );
      }),
      http.get('*/api/jobs/:id', () => {
        polls += 1;
        return HttpResponse.json(
          polls < 2
            ? jobFixture({ kind: 'export', status: 'running', progress: 50, stage: 'Encoding' })
            : jobFixture({ kind: 'export', status: 'succeeded', progress: 100 }),
        );
      }),
      http.get('*/api/songs/:id/exports/:eid', () => HttpResponse.json(exportRecord)),
    );
    const user = await openEditor();
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    await user.click(within(dialog).getByRole('button', { name: 'Export' }));
    const link = await within(dialog).findByRole('link', { name: /Download song.wav/ }, SLOW);
    expect(link).toHaveAttribute('href', '/media/exports/song.wav');
    expect(posted).toEqual([{ format: 'mp3_320' }]);
    expect(polls).toBeGreaterThanOrEqual(2);
  });
});
