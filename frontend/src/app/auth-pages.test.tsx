import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '@/testing/render';
import { server } from '@/testing/server';
import { routes } from './routes';

const SLOW = { timeout: 10_000 };
const AUTH = '*/api/auth/browser/v1';

/** A signed-out browser that signs in when allauth says so; records what the forms send. */
function serveAccount({ signedIn = false } = {}) {
  let email: string | null = signedIn ? 'ana@example.com' : null;
  const sent: { path: string; body: unknown; csrf: string | null }[] = [];
  const record = async (request: Request) => {
    sent.push({
      path: new URL(request.url).pathname,
      body: await request.json().catch(() => null),
      csrf: request.headers.get('X-CSRFToken'),
    });
  };
  server.use(
    http.get('*/api/account', () =>
      HttpResponse.json(
        { is_authenticated: email !== null, email },
        { headers: { 'Set-Cookie': 'csrftoken=test-csrf-token; Path=/' } },
      ),
    ),
    http.post(`${AUTH}/auth/signup`, async ({ request }) => {
      await record(request.clone());
      const body = (await request.json()) as { email: string; password: string };
      if (body.password.length < 10) {
        return HttpResponse.json(
          { status: 400, errors: [{ message: 'This password is too common.', code: 'password_too_common', param: 'password' }] },
          { status: 400 },
        );
      }
      email = body.email;
      return HttpResponse.json({ status: 200, data: {}, meta: { is_authenticated: true } });
    }),
    http.post(`${AUTH}/auth/login`, async ({ request }) => {
      await record(request.clone());
      const body = (await request.json()) as { email: string; password: string };
      if (body.password !== 'right password') {
        return HttpResponse.json(
          { status: 400, errors: [{ message: 'The email address and/or password you specified are not correct.', code: 'email_password_mismatch' }] },
          { status: 400 },
        );
      }
      email = body.email;
      return HttpResponse.json({ status: 200, data: {}, meta: { is_authenticated: true } });
    }),
    http.delete(`${AUTH}/auth/session`, async ({ request }) => {
      await record(request);
      email = null;
      return HttpResponse.json({ status: 401, data: { flows: [] }, meta: { is_authenticated: false } }, { status: 401 });
    }),
    http.post(`${AUTH}/auth/password/request`, async ({ request }) => {
      await record(request);
      return HttpResponse.json({ status: 200 });
    }),
    http.post(`${AUTH}/auth/password/reset`, async ({ request }) => {
      await record(request.clone());
      const body = (await request.json()) as { key: string };
      if (body.key !== 'good-key') {
        return HttpResponse.json(
          { status: 400, errors: [{ message: 'The password reset token was invalid.', code: 'invalid_password_reset', param: 'key' }] },
          { status: 400 },
        );
      }
      return HttpResponse.json({ status: 401, data: { flows: [] }, meta: { is_authenticated: false } }, { status: 401 });
    }),
    http.get('*/api/account/preferences', () =>
      HttpResponse.json({ genre: '', mood: '', tempo: null, key: '', mode: '', instruments: [], export_format: '' }),
    ),
    http.patch('*/api/account/preferences', async ({ request }) => {
      await record(request.clone());
      const body = (await request.json()) as Record<string, unknown>;
      if (body.genre === 'rock') {
        return HttpResponse.json(
          { message: 'Some fields are not valid. Fix them and try again.', extra: { fields: { genre: ["Unknown genre 'rock'."] } } },
          { status: 400 },
        );
      }
      return HttpResponse.json(body);
    }),
    http.post('*/api/account/delete', async ({ request }) => {
      await record(request.clone());
      const body = (await request.json()) as { password: string };
      if (body.password !== 'right password') {
        return HttpResponse.json(
          { message: 'That is not your current password.', extra: { fields: { password: ['That is not your current password.'] } } },
          { status: 400 },
        );
      }
      email = null;
      return HttpResponse.json({ files_deleted: 9 });
    }),
  );
  return sent;
}

describe('Accounts', () => {
  it('signs up with the CSRF token, shows the server’s password message, then shows the account', async () => {
    const sent = serveAccount();
    renderRoute(routes, '/account/signup');
    const form = await screen.findByRole('form', { name: 'Sign up' }, SLOW);
    await screen.findByRole('link', { name: 'Log in' }, SLOW);

    await userEvent.type(within(form).getByLabelText('E-mail'), 'ana@example.com');
    await userEvent.type(within(form).getByLabelText(/^Password/), 'password1');
    await userEvent.click(within(form).getByRole('button', { name: 'Sign up' }));
    expect(await within(form).findByText('This password is too common.', {}, SLOW)).toBeInTheDocument();

    await userEvent.clear(within(form).getByLabelText(/^Password/));
    await userEvent.type(within(form).getByLabelText(/^Password/), 'a long tune 4 you');
    await userEvent.click(within(form).getByRole('button', { name: 'Sign up' }));

    expect(await screen.findByRole('button', { name: 'Account menu' }, SLOW)).toHaveTextContent('ana@example.com');
    expect(sent.map((s) => s.path)).toEqual(['/api/auth/browser/v1/auth/signup', '/api/auth/browser/v1/auth/signup']);
    expect(sent.every((s) => s.csrf === 'test-csrf-token')).toBe(true);
  });

  it('refuses a wrong password at log-in, then logs in and out', async () => {
    serveAccount();
    renderRoute(routes, '/account/login');
    const form = await screen.findByRole('form', { name: 'Log in' }, SLOW);

    await userEvent.type(within(form).getByLabelText('E-mail'), 'ana@example.com');
    await userEvent.type(within(form).getByLabelText('Password'), 'wrong');
    await userEvent.click(within(form).getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert', {}, SLOW)).toHaveTextContent('password you specified are not correct');

    await userEvent.clear(within(form).getByLabelText('Password'));
    await userEvent.type(within(form).getByLabelText('Password'), 'right password');
    await userEvent.click(within(form).getByRole('button', { name: 'Log in' }));
    const menu = await screen.findByRole('button', { name: 'Account menu' }, SLOW);

    await userEvent.click(menu);
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Log out' }));
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(await within(nav).findByRole('link', { name: 'Log in' }, SLOW)).toBeInTheDocument();
  });

  it('asks for a reset e-mail and sets a new password with the key from it', async () => {
    const sent = serveAccount();
    renderRoute(routes, '/account/reset');
    const form = await screen.findByRole('form', { name: 'Reset password' }, SLOW);
    await userEvent.type(within(form).getByLabelText('E-mail'), 'ana@example.com');
    await userEvent.click(within(form).getByRole('button', { name: 'Send the link' }));
    expect(await screen.findByText('Check your e-mail', {}, SLOW)).toBeInTheDocument();
    expect(sent.at(-1)?.body).toEqual({ email: 'ana@example.com' });
  });

  it('sets the new password from the e-mail link and sends the user to log in', async () => {
    const sent = serveAccount();
    renderRoute(routes, '/account/reset/good-key');
    const form = await screen.findByRole('form', { name: 'Choose a new password' }, SLOW);
    await userEvent.type(within(form).getByLabelText('New password'), 'a brand new song 7');
    await userEvent.click(within(form).getByRole('button', { name: 'Save the new password' }));

    expect(await screen.findByText(/Your password is changed/, {}, SLOW)).toBeInTheDocument();
    expect(sent.at(-1)?.body).toEqual({ key: 'good-key', password: 'a brand new song 7' });
  });

  it('saves preferences, shows a field error from the server, and deletes the account after confirming', async () => {
    const sent = serveAccount({ signedIn: true });
    renderRoute(routes, '/account');
    const preferences = await screen.findByRole('form', { name: 'Preferences' }, SLOW);

    await userEvent.selectOptions(within(preferences).getByLabelText('Genre'), 'rock');
    await userEvent.type(within(preferences).getByLabelText('Tempo (BPM)'), '128');
    await userEvent.click(within(preferences).getByRole('button', { name: 'Save preferences' }));
    expect(await within(preferences).findByRole('alert', {}, SLOW)).toHaveTextContent("Unknown genre 'rock'.");
    await userEvent.selectOptions(within(preferences).getByLabelText('Genre'), 'pop');
    await userEvent.click(within(preferences).getByRole('button', { name: 'Save preferences' }));
    expect(await within(preferences).findByText('Saved.', {}, SLOW)).toBeInTheDocument();
    expect(sent.at(-1)?.body).toMatchObject({ genre: 'pop', tempo: 128 });

    const remove = screen.getByRole('form', { name: 'Delete account' });
    await userEvent.type(within(remove).getByLabelText('Your password'), 'wrong');
    await userEvent.click(within(remove).getByRole('button', { name: 'Delete my account' }));
    await userEvent.click(within(remove).getByRole('button', { name: 'Yes, delete everything' }));
    expect(await within(remove).findByText('That is not your current password.', {}, SLOW)).toBeInTheDocument();
    await userEvent.clear(within(remove).getByLabelText('Your password'));
    await userEvent.type(within(remove).getByLabelText('Your password'), 'right password');
    await userEvent.click(within(remove).getByRole('button', { name: 'Yes, delete everything' }));

    await waitFor(() => expect(sent.filter((s) => s.path === '/api/account/delete')).toHaveLength(2), SLOW);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(await within(nav).findByRole('link', { name: 'Log in' }, SLOW)).toBeInTheDocument();
  });
});
