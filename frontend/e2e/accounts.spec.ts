import { type Page } from '@playwright/test';
import {
  chooseFromMenu,
  expect,
  expectAccessible,
  expectNoHorizontalOverflow,
  mailTo,
  newMailTo,
  openDetails,
  PASSWORD,
  shoot,
  signUp,
  submitSignUp,
  test,
} from './support';

async function logOut(page: Page) {
  await chooseFromMenu(page.getByRole('button', { name: 'Account menu' }), 'Log out');
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto('/account/login');
  const form = page.getByRole('form', { name: 'Log in' });
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Account menu' })).toHaveText(email);
}

async function generateShortSong(page: Page, title: string) {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Song settings' });
  await expect(page.getByLabel('Genre', { exact: true })).toBeEnabled();
  await openDetails(page);
  const rows = page.getByTestId('instrument-row');
  while ((await rows.count()) > 2) {
    await page.getByRole('button', { name: `Remove instrument ${await rows.count()}` }).click();
  }
  await form.locator('label', { hasText: /^bars$/ }).click();
  await page.getByLabel('Length', { exact: true }).fill('4');
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Generate' }).click();
  const player = page.getByTestId('player');
  const failed = page.getByTestId('job-failed');
  await expect(player.or(failed)).toBeVisible({ timeout: 150_000 });
  if (await failed.isVisible()) throw new Error(`Generation failed: ${await failed.innerText()}`);
}

test('sign up, generate, find the song in the library, log out, log in, reset the password', async ({
  page,
}, testInfo) => {
  const project = testInfo.project.name;
  const email = `e2e-${project}-${Date.now()}@example.com`;
  const title = `Library tune ${project} ${Date.now() % 100000}`;
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // Sign up: the header shows the account.
  await page.goto('/account/signup');
  await expectNoHorizontalOverflow(page);
  await shoot(page, `${project}-accounts-1-signup`);
  await expectAccessible(page, `${project} sign-up page`);
  await signUp(page, email);

  // Generate a short song, then find it in the library by searching its title.
  await generateShortSong(page, title);
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(page).toHaveURL(/\/library$/);
  await page.getByRole('textbox', { name: 'Search by title' }).fill(title.slice(0, 14).toUpperCase());
  await expect(page).toHaveURL(/q=/);
  const card = page.getByRole('article', { name: title, exact: true });
  await expect(card).toBeVisible();
  await expect(card.getByRole('img')).toHaveJSProperty('complete', true);
  expect(await card.getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(page.getByText('1 song found')).toBeVisible();
  await page.getByRole('textbox', { name: 'Search by title' }).fill('no such song at all');
  await expect(page.getByText('No song matches.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Search by title' }).fill('');
  await expect(card).toBeVisible();

  // Favourite, rename, duplicate, delete and undo.
  await card.getByRole('button', { name: `Favourite ${title}` }).click();
  await expect(card.getByRole('button', { name: `Unfavourite ${title}` })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await shoot(page, `${project}-accounts-2-library`);
  await expectAccessible(page, `${project} library`);
  await chooseFromMenu(card.getByRole('button', { name: `More for ${title}`, exact: true }), 'Duplicate');
  const copy = page.getByRole('article', { name: `${title} (copy)`, exact: true });
  await expect(copy).toBeVisible();
  await chooseFromMenu(copy.getByRole('button', { name: `More for ${title} (copy)`, exact: true }), 'Delete');
  await expect(copy).toHaveCount(0);
  const undo = page.getByRole('status').filter({ hasText: `Deleted “${title} (copy)”.` });
  await undo.getByRole('button', { name: 'Undo' }).click();
  await expect(copy).toBeVisible();
  await expect(undo).toBeHidden();
  await chooseFromMenu(copy.getByRole('button', { name: `More for ${title} (copy)`, exact: true }), 'Rename');
  const rename = page.getByRole('dialog', { name: 'Rename song' });
  await expectAccessible(page, `${project} rename dialog`, '[role="dialog"]');
  await rename.getByLabel('Title').fill(`${title} remix`);
  await rename.getByRole('button', { name: 'Save' }).click();
  await expect(rename).toBeHidden();
  await expect(page.getByRole('article', { name: `${title} remix`, exact: true })).toBeVisible();

  // Opening a song goes to the editor.
  await card.getByRole('link', { name: title, exact: true }).click();
  await expect(page).toHaveURL(/\/songs\/[0-9a-f-]{36}$/);

  // Log out: the library is empty for the visitor; log in: it is back.
  await logOut(page);
  await page.goto('/library');
  await expect(page.getByText('No songs yet.')).toBeVisible();
  await expect(page.getByText('every song you make is kept here')).toBeVisible();
  await shoot(page, `${project}-accounts-2b-empty-library`);
  await expectAccessible(page, `${project} empty library`);
  await logIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/library$/);
  await expect(page.getByRole('article', { name: title, exact: true })).toBeVisible();
  await expect(page.getByRole('article', { name: `${title} remix`, exact: true })).toBeVisible();

  // Forgot the password: the e-mail's link sets a new one.
  await logOut(page);
  const seenBeforeReset = mailTo(email).length;
  await page.goto('/account/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('form', { name: 'Reset password' }).getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByText('Check your e-mail')).toBeVisible();
  await shoot(page, `${project}-accounts-3-reset-sent`);
  await expectAccessible(page, `${project} password reset request`);
  const link = /https?:\/\/[^\s]+\/account\/reset\/[^\s]+/.exec(await newMailTo(email, seenBeforeReset))?.[0];
  expect(link, 'the reset e-mail holds a link').toBeTruthy();
  await page.goto(new URL(link ?? '').pathname);
  await expect(page.getByLabel('New password', { exact: true })).toBeVisible();
  await expectAccessible(page, `${project} new password page`);
  await page.getByLabel('New password', { exact: true }).fill('a brand new song 7');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page).toHaveURL(/\/account\/login\?reset=1$/);
  await expect(page.getByText('Your password is changed')).toBeVisible();
  await shoot(page, `${project}-accounts-4-login`);
  await expectAccessible(page, `${project} log-in page`);
  await logIn(page, email, 'a brand new song 7');

  // The account page: preferences pre-fill the Generate page.
  await chooseFromMenu(page.getByRole('button', { name: 'Account menu' }), 'Account and preferences');
  const preferences = page.getByRole('form', { name: 'Preferences' });
  await preferences.getByLabel('Genre').selectOption('jazz');
  await preferences.getByLabel('Key').selectOption('F');
  await preferences.getByRole('button', { name: 'Save preferences' }).click();
  await expect(preferences.getByText('Saved.')).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await shoot(page, `${project}-accounts-5-account`);
  await expectAccessible(page, `${project} account page`);
  await page.getByRole('link', { name: 'Make' }).click();
  await expect(page.getByLabel('Genre', { exact: true })).toHaveValue('jazz');
  await expect(page.getByLabel('Key', { exact: true })).toHaveValue('F');

  // Signing up again with the address answers like a new one (no one learns it has an account); the owner
  // is told by e-mail instead, and gets no code.
  await logOut(page);
  const seen = mailTo(email).length;
  const step = await submitSignUp(page, email);
  await expect(step).toContainText(`We sent a code to ${email}. Enter it to finish signing up.`);
  await shoot(page, `${project}-accounts-6-code-step`);
  const notice = await newMailTo(email, seen);
  expect(notice).toContain('an account using that email address already exists');
  expect(notice).not.toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/m);
  await step.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByRole('form', { name: 'Sign up' })).toBeVisible();

  expect(pageErrors).toEqual([]);
});
