import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '@/testing/render';
import { server } from '@/testing/server';
import { routes } from './routes';

const SLOW = { timeout: 10_000 };
const AUTH = '*/api/auth/browser/v1';
/** The code allauth "mails"; any other is wrong, and the third wrong one ends the verification. */
const CODE = 'NZTC-WXBS';
const UNVERIFIED = 'old@example.com';

/** allauth's answer while the code mailed to the address is awaited. */
const codeSent = () =>
  HttpResponse.json(
    {
      status: 401,
      data: { flows: [{ id: 'login' }, { id: 'signup' }, { id: 'verify_email', is_pending: true }] },
      meta: { is_authenticated: false },
    },
    { status: 401 },
  );

/**
 * A signed-out browser that signs in when allauth says so; records what the forms send. Every sign-up
 * and every log-in of `UNVERIFIED` waits for the code; so does a signed-in `UNVERIFIED` that asks for one.
 */
function serveAccount({ signedIn = null }: { signedIn?: string | null } = {}) {
  let email: string | null = signedIn;
  let verified = signedIn !== UNVERIFIED;
  let awaitingCode: string | null = null;
  let wrongCodes = 0;
  let resent = 0;
  const sent: { path: string; body: unknown; csrf: string | null }[] = [];
  const record = async (request: Request) => {
    sent.push({
      path: new URL(request.url).pathname,
      body: await request.json().catch(() => null),
      csrf: request.headers.get('X-CSRFToken'),
    });
  };
  const awaitCode = (address: string) => {
    awaitingCode = address;
    wrongCodes = 0;
    return codeSent();
  };
  server.use(
    http.get('*/api/account', () =>
      HttpResponse.json(
        { is_authenticated: email !== null, email, email_verified: email !== null && verified },
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
      return awaitCode(body.email);
    }),
    http.post(`${AUTH}/auth/email/verify`, async ({ request }) => {
      await record(request.clone());
      const { key } = (await request.json()) as { key: string };
      if (awaitingCode === null) return HttpResponse.json({ status: 409 }, { status: 409 });
      if (key !== CODE) {
        wrongCodes += 1;
        if (wrongCodes === 3) awaitingCode = null;
        return HttpResponse.json(
          { status: 400, errors: [{ message: 'Incorrect code.', code: 'incorrect_code', param: 'key' }] },
          { status: 400 },
        );
      }
      email = awaitingCode;
      verified = true;
      awaitingCode = null;
      return HttpResponse.json({ status: 200, data: {}, meta: { is_authenticated: true } });
    }),
    http.post(`${AUTH}/auth/email/verify/resend`, async ({ request }) => {
      await record(request);
      resent += 1;
      return resent === 1 ? HttpResponse.json({ status: 200 }) : HttpResponse.json({ status: 429 }, { status: 429 });
    }),
    http.put(`${AUTH}/account/email`, async ({ request }) => {
      await record(request.clone());
      const body = (await request.json()) as { email: string };
      awaitingCode = body.email;
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
      if (body.email === UNVERIFIED) return awaitCode(body.email);
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
  it('signs up with the CSRF token, shows the server’s messages, then takes the mailed code and shows the account', async () => {
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

    expect(await screen.findByRole('heading', { name: 'Check your e-mail' }, SLOW)).toBeInTheDocument();
    const step = screen.getByRole('form', { name: 'Verify e-mail' });
    expect(step).toHaveTextContent('We sent a code to ana@example.com. Enter it to finish signing up.');
    expect(within(step).getByLabelText('Code')).toHaveAttribute('autocomplete', 'one-time-code');

    await userEvent.type(within(step).getByLabelText('Code'), 'aaaa bbbb');
    await userEvent.click(within(step).getByRole('button', { name: 'Verify' }));
    expect(await within(step).findByText('Incorrect code.', {}, SLOW)).toBeInTheDocument();

    await userEvent.click(within(step).getByRole('button', { name: 'Send a new code' }));
    expect(await within(step).findByText('Sent.', {}, SLOW)).toBeInTheDocument();
    await userEvent.click(within(step).getByRole('button', { name: 'Send a new code' }));
    expect(await within(step).findByText(/Wait a few seconds/, {}, SLOW)).toBeInTheDocument();

    await userEvent.clear(within(step).getByLabelText('Code'));
    await userEvent.type(within(step).getByLabelText('Code'), 'nztcwxbs');
    await userEvent.click(within(step).getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('button', { name: 'Account menu' }, SLOW)).toHaveTextContent('ana@example.com');
    expect(sent.map((s) => s.path.replace('/api/auth/browser/v1', ''))).toEqual([
      '/auth/signup',
      '/auth/signup',
      '/auth/email/verify',
      '/auth/email/verify/resend',
      '/auth/email/verify/resend',
      '/auth/email/verify',
    ]);
    expect(sent.filter((s) => s.path.endsWith('/verify')).map((s) => s.body)).toEqual([
      { key: 'AAAA-BBBB' },
      { key: CODE },
    ]);
    expect(sent.every((s) => s.csrf === 'test-csrf-token')).toBe(true);
  });

  it('goes back to the sign-up form when the code was tried too often, or on “Start over”', async () => {
    serveAccount();
    renderRoute(routes, '/account/signup');
    const form = await screen.findByRole('form', { name: 'Sign up' }, SLOW);
    await userEvent.type(within(form).getByLabelText('E-mail'), 'ana@example.com');
    await userEvent.type(within(form).getByLabelText(/^Password/), 'a long tune 4 you');
    await userEvent.click(within(form).getByRole('button', { name: 'Sign up' }));

    let step = await screen.findByRole('form', { name: 'Verify e-mail' }, SLOW);
    await userEvent.click(within(step).getByRole('button', { name: 'Start over' }));
    const again = await screen.findByRole('form', { name: 'Sign up' }, SLOW);
    expect(within(again).getByLabelText('E-mail')).toHaveValue('ana@example.com');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await userEvent.click(within(again).getByRole('button', { name: 'Sign up' }));

    step = await screen.findByRole('form', { name: 'Verify e-mail' }, SLOW);
    for (const code of ['AAAA-AAAA', 'BBBB-BBBB', 'CCCC-CCCC', CODE]) {
      await userEvent.clear(within(step).getByLabelText('Code'));
      await userEvent.type(within(step).getByLabelText('Code'), code);
      await userEvent.click(within(step).getByRole('button', { name: 'Verify' }));
      if (code !== CODE) await within(step).findByText('Incorrect code.', {}, SLOW);
    }

    expect(await screen.findByRole('alert', {}, SLOW)).toHaveTextContent(
      'This code has expired or was tried too often. Sign up again.',
    );
    expect(screen.getByRole('form', { name: 'Sign up' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Account menu' })).not.toBeInTheDocument();
  });

  it('asks an account whose address is not verified for the mailed code at log-in, then follows next', async () => {
    const sent = serveAccount();
    renderRoute(routes, '/account/login?next=/account');
    const form = await screen.findByRole('form', { name: 'Log in' }, SLOW);
    await userEvent.type(within(form).getByLabelText('E-mail'), UNVERIFIED);
    await userEvent.type(within(form).getByLabelText('Password'), 'right password');
    await userEvent.click(within(form).getByRole('button', { name: 'Log in' }));

    const step = await screen.findByRole('form', { name: 'Verify e-mail' }, SLOW);
    expect(step).toHaveTextContent(`We sent a code to ${UNVERIFIED}. Enter it to finish logging in.`);
    await userEvent.type(within(step).getByLabelText('Code'), CODE);
    await userEvent.click(within(step).getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('heading', { name: 'Your account' }, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Account menu' })).toHaveTextContent(UNVERIFIED);
    expect(screen.queryByRole('region', { name: 'Verify your e-mail address' })).not.toBeInTheDocument();
    expect(sent.at(-1)).toMatchObject({ path: '/api/auth/browser/v1/auth/email/verify', body: { key: CODE } });
  });

  it('verifies the address of an account made before verification, from the account page', async () => {
    const sent = serveAccount({ signedIn: UNVERIFIED });
    renderRoute(routes, '/account');
    const alert = await screen.findByRole('region', { name: 'Verify your e-mail address' }, SLOW);
    expect(alert).toHaveTextContent('Your e-mail address is not verified. Sharing by link needs a verified address.');

    await userEvent.click(within(alert).getByRole('button', { name: 'Send me a code' }));
    const step = await within(alert).findByRole('form', { name: 'Verify e-mail' }, SLOW);
    expect(step).toHaveTextContent(`We sent a code to ${UNVERIFIED}. Enter it to verify your address.`);
    await userEvent.type(within(step).getByLabelText('Code'), CODE);
    await userEvent.click(within(step).getByRole('button', { name: 'Verify' }));

    expect(await screen.findByText('Your e-mail address is verified.', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Verify your e-mail address' })).not.toBeInTheDocument();
    expect(sent.map((s) => [s.path.replace('/api/auth/browser/v1', ''), s.body])).toEqual([
      ['/account/email', { email: UNVERIFIED }],
      ['/auth/email/verify', { key: CODE }],
    ]);
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
    const sent = serveAccount({ signedIn: 'ana@example.com' });
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
