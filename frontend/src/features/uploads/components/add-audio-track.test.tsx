import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { EditOp, Upload } from '@/lib/api-types';
import { uploadFixture } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { AddAudioTrack } from './add-audio-track';

const SLOW = { timeout: 4000 };

const upload = uploadFixture;

/** The uploads API: a list that grows with each accepted POST, or a refusal. */
function uploadsApi(answer: { status: number; body: Upload | { message: string; extra: unknown } }) {
  const stored: Upload[] = [];
  const sent: string[] = [];
  server.use(
    http.get('*/api/uploads/', () => HttpResponse.json(stored)),
    http.post('*/api/uploads/', async ({ request }) => {
      const form = await request.formData();
      const file = form.get('file');
      // The request's File comes from Node's FormData, not jsdom's: read its name structurally.
      sent.push(typeof file === 'object' && file !== null && 'name' in file ? String(file.name) : '');
      if (answer.status < 300) stored.push(answer.body as Upload);
      return HttpResponse.json(answer.body, { status: answer.status });
    }),
  );
  return sent;
}

async function chooseFile(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(screen.getByRole('button', { name: 'Add audio track…' }));
  const file = new File([new Uint8Array([82, 73, 70, 70, 0, 0, 0, 0])], name, { type: 'audio/wav' });
  await user.upload(await screen.findByLabelText('Audio file'), file);
}

describe('Add audio track', () => {
  it('uploads a file, shows what was measured and adds it where the user says', async () => {
    const sent = uploadsApi({ status: 201, body: upload() });
    const edits: EditOp[] = [];
    const onEdit = vi.fn(async (op: EditOp) => void edits.push(op));
    const user = userEvent.setup();
    renderWithProviders(<AddAudioTrack tempoLimit={{ min: 40, max: 240 }} tempo={120} onEdit={onEdit} />);

    await chooseFile(user, 'guitar take.wav');

    const summary = await screen.findByTestId('upload-summary', {}, SLOW);
    expect(sent).toHaveLength(1); // (jsdom's XMLHttpRequest hands the handler the file without its name)
    expect(summary).toHaveTextContent('guitar take.wav');
    expect(summary).toHaveTextContent('96 BPM');
    expect(summary).toHaveTextContent('A minor');
    const offset = screen.getByLabelText('Starts at beat');
    await user.clear(offset);
    await user.type(offset, '8');
    await user.click(screen.getByRole('button', { name: 'Add track' }));

    await waitFor(() => expect(edits).toHaveLength(1));
    expect(edits[0]).toEqual({ type: 'add_audio_track', upload: upload().id, offset_beats: 8 });
  });

  it('matches the song to the recording: the tempo first, then the track at its own speed', async () => {
    uploadsApi({ status: 201, body: upload() });
    const edits: EditOp[] = [];
    const user = userEvent.setup();
    renderWithProviders(<AddAudioTrack tempoLimit={{ min: 40, max: 240 }} tempo={120} onEdit={async (op) => void edits.push(op)} />);

    await chooseFile(user, 'guitar take.wav');
    await screen.findByTestId('upload-summary', {}, SLOW);
    await user.click(screen.getByRole('button', { name: 'Match song to its tempo' }));

    await waitFor(() => expect(edits).toHaveLength(2));
    expect(edits).toEqual([
      { type: 'set_tempo', tempo: 96.4 },
      { type: 'add_audio_track', upload: upload().id, offset_beats: 0, source_tempo: 96.4 },
    ]);
  });

  it('does not offer to stretch a recording without a clear beat', async () => {
    uploadsApi({ status: 201, body: upload({ tempo_confidence: 0.05 }) });
    const user = userEvent.setup();
    renderWithProviders(<AddAudioTrack tempoLimit={{ min: 40, max: 240 }} tempo={120} onEdit={async () => undefined} />);

    await chooseFile(user, 'vocal.wav');

    await screen.findByTestId('upload-summary', {}, SLOW);
    expect(screen.getByRole('button', { name: 'Match song to its tempo' })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: /Stretch it to the song's tempo/ })).toBeDisabled();
  });

  it("shows the server's reason when a file is refused, and adds nothing", async () => {
    const message = 'This is not an audio file we can read. Upload WAV, MP3, FLAC, Ogg (Vorbis or Opus), M4A/AAC, AIFF and WebM.';
    uploadsApi({ status: 415, body: { message, extra: { fields: { file: [message] } } } });
    const onEdit = vi.fn(async () => undefined);
    const user = userEvent.setup();
    renderWithProviders(<AddAudioTrack tempoLimit={{ min: 40, max: 240 }} tempo={120} onEdit={onEdit} />);

    await chooseFile(user, 'notes.mp3');

    expect(await screen.findByRole('alert', {}, SLOW)).toHaveTextContent(message);
    expect(screen.getByRole('button', { name: 'Add track' })).toBeDisabled();
    expect(onEdit).not.toHaveBeenCalled();
  });
});
