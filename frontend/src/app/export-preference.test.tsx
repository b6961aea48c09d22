import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeAudioContext } from '@/testing/fake-audio-context';
import { SONG_ID } from '@/testing/fixtures';
import { renderRoute } from '@/testing/render';
import { server } from '@/testing/server';
import { routes } from './routes';

const SLOW = { timeout: 10_000 };

function signedInPreferring(exportFormat: string) {
  server.use(
    http.get('*/api/account', () => HttpResponse.json({ is_authenticated: true, email: 'ana@example.com', email_verified: true })),
    http.get('*/api/account/preferences', () =>
      HttpResponse.json({
        genre: '',
        mood: '',
        tempo: null,
        key: '',
        mode: '',
        instruments: [],
        export_format: exportFormat,
      }),
    ),
  );
}

async function openExportDialog() {
  renderRoute(routes, `/songs/${SONG_ID}`);
  await screen.findByTestId('editor', {}, SLOW);
  await waitFor(() => expect(screen.getByTestId('play-toggle')).toBeEnabled(), SLOW);
  await userEvent.click(screen.getByRole('button', { name: 'Export…' }));
  return screen.findByRole('dialog', { name: 'Export' }, SLOW);
}

describe('The editor’s export dialog', () => {
  beforeEach(() => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    vi.stubGlobal('requestAnimationFrame', () => 0);
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
  });

  it('starts from the signed-in user’s preferred format', async () => {
    signedInPreferring('flac');

    const dialog = await openExportDialog();

    expect(within(dialog).getByRole('textbox', { name: 'Format' })).toHaveValue('FLAC 16-bit');
  });

  it('starts from MP3 320 for a visitor', async () => {
    const dialog = await openExportDialog();

    expect(within(dialog).getByRole('textbox', { name: 'Format' })).toHaveValue('MP3 320 kbps');
  });
});
