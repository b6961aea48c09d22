import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { SONG_ID } from '@/testing/fixtures';
import { renderRoute } from '@/testing/render';
import { server } from '@/testing/server';
import type { Share } from '../api/list-shares';
import { ShareDialog } from './share-dialog';
import type { Sharer } from './share-needs-account';

const TOKEN = 'Zk9mN2Q4c2FmZ2hqa2xxd2VydHl1aW9wYXNkZmdoams';
const TEST_TIMEOUT = 20_000;

function shareFixture(overrides: Partial<Share> = {}): Share {
  return {
    id: 1,
    token: TOKEN,
    url: `http://127.0.0.1:8765/s/${TOKEN}`,
    embed_url: `http://127.0.0.1:8765/s/${TOKEN}/embed`,
    version_id: null,
    version_name: null,
    allow_download: false,
    allow_remix: false,
    views: 0,
    plays: 0,
    audio_status: 'ready',
    created_at: '2026-01-01T00:00:00Z',
    revoked_at: null,
    ...overrides,
  };
}

/** An in-memory share API that records what the dialog sends. */
function shareApi(initial: Share[] = []) {
  const shares = [...initial];
  const requests: { method: string; path: string; body: unknown }[] = [];
  server.use(
    http.get('*/api/songs/:id/shares', () => HttpResponse.json(shares)),
    http.post('*/api/songs/:id/shares', async ({ request }) => {
      const body = (await request.json()) as {
        version_id: number | null;
        allow_download: boolean;
        allow_remix: boolean;
      };
      requests.push({ method: 'POST', path: 'shares', body });
      const share = shareFixture({
        id: shares.length + 1,
        version_id: body.version_id,
        version_name: body.version_id === 7 ? 'Radio edit' : null,
        allow_download: body.allow_download,
        allow_remix: body.allow_remix,
        audio_status: body.version_id === null ? 'ready' : 'mixing',
      });
      shares.unshift(share);
      return HttpResponse.json({ share, job: null }, { status: 201 });
    }),
    http.patch('*/api/songs/:id/shares/:shareId', async ({ request, params }) => {
      const body = (await request.json()) as { allow_download?: boolean; allow_remix?: boolean };
      requests.push({ method: 'PATCH', path: String(params.shareId), body });
      const share = shares.find((s) => s.id === Number(params.shareId))!;
      Object.assign(share, body);
      return HttpResponse.json(share);
    }),
    http.post('*/api/songs/:id/shares/:shareId/revoke', ({ params }) => {
      requests.push({ method: 'POST', path: `${String(params.shareId)}/revoke`, body: null });
      const share = shares.find((s) => s.id === Number(params.shareId))!;
      share.revoked_at = '2026-01-02T00:00:00Z';
      return HttpResponse.json(share);
    }),
  );
  return { shares, requests };
}

function openDialog(sharer: Sharer = 'verified') {
  const dialog = (
    <ShareDialog
      songId={SONG_ID}
      title="Sunny Pop & Friends"
      versions={[{ id: 7, name: 'Radio edit' }]}
      sharer={sharer}
      opened
      onClose={() => undefined}
    />
  );
  renderRoute([{ path: '*', element: dialog }], `/songs/${SONG_ID}?from=library`);
  return userEvent.setup();
}

describe('ShareDialog', () => {
  it(
    'creates a link to a saved version and offers copy, platform buttons and the embed snippet',
    async () => {
      const { requests } = shareApi();
      const user = openDialog();
      expect(await screen.findByText('No links yet.')).toBeInTheDocument();

      await user.click(screen.getByRole('textbox', { name: 'What to share' }));
      await user.click(await screen.findByRole('option', { name: 'Version: Radio edit' }));
      await user.click(screen.getByRole('checkbox', { name: 'Let listeners download the MP3' }));
      await user.click(screen.getByRole('button', { name: 'Create link' }));

      const card = await screen.findByTestId('share-link');
      expect(requests).toEqual([
        { method: 'POST', path: 'shares', body: { version_id: 7, allow_download: true, allow_remix: false } },
      ]);
      const inCard = within(card);
      expect(inCard.getByText('Version: Radio edit')).toBeInTheDocument();
      expect(inCard.getByText('Mixing…')).toBeInTheDocument();
      expect(inCard.getByRole('textbox', { name: 'Share link' })).toHaveValue(`http://127.0.0.1:8765/s/${TOKEN}`);
      expect(inCard.getByRole('button', { name: 'Copy link' })).toBeInTheDocument();
      expect(inCard.getByTestId('share-counts')).toHaveTextContent('0 views · 0 plays');
      expect(inCard.getByRole('switch', { name: 'Allow download' })).toBeChecked();

      const encoded = encodeURIComponent(`http://127.0.0.1:8765/s/${TOKEN}`);
      const hrefs = Object.fromEntries(
        ['X', 'Facebook', 'Reddit', 'WhatsApp', 'E-mail'].map((name) => [
          name,
          inCard.getByRole('link', { name }).getAttribute('href'),
        ]),
      );
      expect(hrefs.X).toBe(
        `https://twitter.com/intent/tweet?url=${encoded}&text=${encodeURIComponent('Listen to “Sunny Pop & Friends”')}`,
      );
      expect(hrefs.Facebook).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encoded}`);
      expect(hrefs.Reddit).toBe(`https://www.reddit.com/submit?url=${encoded}&title=Sunny%20Pop%20%26%20Friends`);
      expect(hrefs.WhatsApp).toContain(`https://wa.me/?text=`);
      expect(hrefs.WhatsApp).toContain(encoded);
      expect(hrefs['E-mail']).toMatch(/^mailto:\?subject=Sunny%20Pop%20%26%20Friends&body=/);
      expect(inCard.getByRole('link', { name: 'X' })).toHaveAttribute('rel', 'noopener noreferrer');

      const embed = inCard.getByRole('textbox', { name: 'Embed on a web page' }) as HTMLTextAreaElement;
      expect(embed.value).toBe(
        `<iframe src="http://127.0.0.1:8765/s/${TOKEN}/embed" title="Sunny Pop &amp; Friends" width="480" ` +
          'height="160" style="border:0;border-radius:12px;max-width:100%" loading="lazy" allow="autoplay"></iframe>',
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'toggles download and revokes a link only after confirming',
    async () => {
      const { requests } = shareApi([shareFixture({ views: 3, plays: 1 })]);
      const user = openDialog();
      const card = await screen.findByTestId('share-link');
      expect(within(card).getByTestId('share-counts')).toHaveTextContent('3 views · 1 play');

      await user.click(within(card).getByRole('switch', { name: 'Allow download' }));
      await waitFor(() => expect(within(card).getByRole('switch', { name: 'Allow download' })).toBeChecked());

      await user.click(within(card).getByRole('button', { name: 'Revoke…' }));
      expect(within(card).getByText('Stop this link for everyone?')).toBeInTheDocument();
      expect(requests.filter((r) => r.path.endsWith('revoke'))).toEqual([]);
      await user.click(within(card).getByRole('button', { name: 'Revoke' }));

      expect(await screen.findByText('1 revoked link no longer works.')).toBeInTheDocument();
      expect(screen.queryByTestId('share-link')).not.toBeInTheDocument();
      expect(requests).toEqual([
        { method: 'PATCH', path: '1', body: { allow_download: true } },
        { method: 'POST', path: '1/revoke', body: null },
      ]);
    },
    TEST_TIMEOUT,
  );

  it(
    'offers remix only together with download, when creating a link and on a link',
    async () => {
      const { requests } = shareApi([shareFixture({ id: 1 })]);
      const user = openDialog();
      const remix = screen.getByRole('checkbox', { name: /Let signed-in listeners remix it/ });
      expect(remix).toBeDisabled();
      expect(screen.getByText('Needs download: a remix hands over the audio.')).toBeInTheDocument();

      await user.click(screen.getByRole('checkbox', { name: 'Let listeners download the MP3' }));
      expect(remix).toBeEnabled();
      await user.click(remix);
      await user.click(screen.getByRole('button', { name: 'Create link' }));
      await waitFor(() => expect(screen.getAllByTestId('share-link')).toHaveLength(2));
      const [created, older] = screen.getAllByTestId('share-link');
      expect(within(created!).getByRole('switch', { name: 'Allow remix' })).toBeChecked();

      const olderRemix = within(older!).getByRole('switch', { name: 'Allow remix' });
      expect(olderRemix).toBeDisabled();
      await user.click(within(older!).getByRole('switch', { name: 'Allow download' }));
      await waitFor(() => expect(olderRemix).toBeEnabled());
      await user.click(olderRemix);
      await waitFor(() => expect(olderRemix).toBeChecked());

      expect(requests).toEqual([
        { method: 'POST', path: 'shares', body: { version_id: null, allow_download: true, allow_remix: true } },
        { method: 'PATCH', path: '1', body: { allow_download: true } },
        { method: 'PATCH', path: '1', body: { allow_remix: true } },
      ]);
    },
    TEST_TIMEOUT,
  );

  it(
    "shows the server's message when a link cannot be made",
    async () => {
      shareApi();
      server.use(
        http.post('*/api/songs/:id/shares', () =>
          HttpResponse.json(
            { message: 'This song is not ready to edit yet. Wait until it has finished rendering.', extra: {} },
            { status: 400 },
          ),
        ),
      );
      const user = openDialog();
      await user.click(await screen.findByRole('button', { name: 'Create link' }));

      expect(
        await screen.findByText('This song is not ready to edit yet. Wait until it has finished rendering.'),
      ).toBeInTheDocument();
      expect(screen.queryByTestId('share-link')).not.toBeInTheDocument();
    },
    TEST_TIMEOUT,
  );

  it(
    "shows the server's refusal when a link cannot be made for this account",
    async () => {
      shareApi();
      server.use(
        http.post('*/api/songs/:id/shares', () =>
          HttpResponse.json(
            {
              message: 'Verify your e-mail address to share by link: your account page sends you a code.',
              extra: { reason: 'email_unverified' },
            },
            { status: 403 },
          ),
        ),
      );
      const user = openDialog();
      await user.click(await screen.findByRole('button', { name: 'Create link' }));

      expect(
        await screen.findByText('Verify your e-mail address to share by link: your account page sends you a code.'),
      ).toBeInTheDocument();
    },
    TEST_TIMEOUT,
  );

  it(
    'asks a visitor to sign up or log in instead of making a link, and still lists the links',
    async () => {
      shareApi([shareFixture()]);
      openDialog('visitor');

      expect(await screen.findByText('Sharing by link needs an account.')).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'Sign up' })).toHaveAttribute('href', '/account/signup');
      expect(screen.getByRole('link', { name: 'Log in' })).toHaveAttribute(
        'href',
        `/account/login?next=${encodeURIComponent(`/songs/${SONG_ID}?from=library`)}`,
      );
      expect(screen.queryByRole('button', { name: 'Create link' })).not.toBeInTheDocument();
      expect(await screen.findByTestId('share-link')).toBeInTheDocument();
    },
    TEST_TIMEOUT,
  );
});
