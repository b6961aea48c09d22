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

function serveAccount(account: { is_authenticated: boolean; email: string | null; email_verified: boolean }) {
  server.use(
    http.get('*/api/account', () => HttpResponse.json(account)),
    http.get('*/api/account/preferences', () => HttpResponse.json({ export_format: '' })),
    http.get('*/api/songs/:id/shares', () => HttpResponse.json([])),
  );
}

async function openShareDialog() {
  renderRoute(routes, `/songs/${SONG_ID}`);
  await screen.findByTestId('editor', {}, SLOW);
  await waitFor(() => expect(screen.getByTestId('play-toggle')).toBeEnabled(), SLOW);
  await userEvent.click(screen.getByRole('button', { name: 'Share…' }));
  return screen.findByRole('dialog', { name: 'Share' }, SLOW);
}

describe('Who may share by link, from the editor', () => {
  beforeEach(() => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    vi.stubGlobal('requestAnimationFrame', () => 0);
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
  });

  it('asks a visitor to sign up or log in, and to come back to this song', async () => {
    serveAccount({ is_authenticated: false, email: null, email_verified: false });
    const dialog = await openShareDialog();

    expect(within(dialog).getByText('Sharing by link needs an account.')).toBeInTheDocument();
    expect(within(dialog).getByRole('link', { name: 'Log in' })).toHaveAttribute(
      'href',
      `/account/login?next=${encodeURIComponent(`/songs/${SONG_ID}`)}`,
    );
    expect(within(dialog).queryByRole('button', { name: 'Create link' })).not.toBeInTheDocument();
  });

  it('sends a signed-in user whose address is not verified to the account page', async () => {
    serveAccount({ is_authenticated: true, email: 'old@example.com', email_verified: false });
    const dialog = await openShareDialog();

    expect(await within(dialog).findByRole('link', { name: 'Verify it on your account page' }, SLOW)).toHaveAttribute(
      'href',
      '/account',
    );
    expect(within(dialog).queryByRole('button', { name: 'Create link' })).not.toBeInTheDocument();
  });

  it('lets a verified account make links', async () => {
    serveAccount({ is_authenticated: true, email: 'ana@example.com', email_verified: true });
    const dialog = await openShareDialog();

    expect(await within(dialog).findByRole('button', { name: 'Create link' }, SLOW)).toBeInTheDocument();
    expect(within(dialog).queryByText(/Sharing by link needs/)).not.toBeInTheDocument();
  });
});
