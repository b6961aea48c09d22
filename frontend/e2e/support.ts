import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

/**
 * Playwright's `test`, watching every page of the test for Content-Security-Policy violations (Chromium
 * reports each on the console): a test that caused one fails.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      // The page reports each violation with what was blocked (the browser's own console line does not say).
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(
            `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} ` +
              `"${event.sample}" at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
          );
        });
      });
      context.on('console', (message) => {
        if (message.type() === 'error' && /^CSP violation/.test(message.text())) {
          violations.push(`${message.location().url}: ${message.text()}`);
        }
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Collects the page's console errors and uncaught exceptions from now on (a test expects none). */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, 'page scrolls sideways').toBeLessThanOrEqual(0);
}

/** Unfolds the Generate form's details (genre, tempo, band…) unless they are open already. */
export async function openDetails(page: Page) {
  const toggle = page.getByRole('button', { name: /^Details/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(page.getByLabel('Genre', { exact: true })).toBeVisible();
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's WCAG 2.2 A/AA rules on the page (or on `include`, a CSS selector such as a dialog's): no
 * serious or critical violation. Prints the count for the run's log.
 */
export async function expectAccessible(page: Page, name: string, include?: string) {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const blocking = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  console.log(`axe ${name}: ${blocking.length} serious/critical, ${violations.length} violations in all`);
  expect(
    blocking.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => `${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1).join(' ')}`)
          .join(' | ')}`,
    ),
    `axe (WCAG 2.2 AA) on ${name}`,
  ).toEqual([]);
}

/** A full-page screenshot into e2e/screenshots/<name>.png, taken from the top of the page. */
export async function shoot(page: Page, name: string) {
  // The header is fixed: scrolled, a full-page shot would paint it mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/**
 * Opens the menu of `button`, chooses `item` in that menu (not in another one on the page: the menus live in
 * a portal, away from their button) and waits for the menu to leave the page.
 */
export async function chooseFromMenu(button: Locator, item: string) {
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const menu = button.page().locator(`[role="menu"][id="${await button.getAttribute('aria-controls')}"]`);
  await menu.getByRole('menuitem', { name: item, exact: true }).click();
  await expect(menu).toBeHidden();
}

/** Opens the select `field`, chooses `option` in its own list and waits for the list to close. */
export async function chooseOption(field: Locator, option: string) {
  await field.click();
  await expect(field).toHaveAttribute('aria-controls', /./);
  const list = field.page().locator(`[role="listbox"][id="${await field.getAttribute('aria-controls')}"]`);
  await list.getByRole('option', { name: option, exact: true }).click();
  await expect(list).toBeHidden();
  await expect(field).toHaveValue(option);
}

export interface Probe {
  codec: string;
  sampleRate: number;
  seconds: number;
}

/** What ffprobe reads from a downloaded audio file: its first stream's codec and rate, its length. */
export function probeAudio(path: string): Probe {
  const probe = JSON.parse(
    execFileSync('ffprobe', [
      '-v', 'error',
      '-show_entries', 'stream=codec_name,sample_rate:format=duration',
      '-of', 'json',
      path,
    ]).toString(),
  ) as { streams: { codec_name: string; sample_rate: string }[]; format: { duration: string } };
  return {
    codec: probe.streams[0]?.codec_name ?? '',
    sampleRate: Number(probe.streams[0]?.sample_rate),
    seconds: Number(probe.format.duration),
  };
}

/** scripts/e2e-server.sh writes every e-mail the server sends into this folder. */
const MAIL_DIR = join(process.env.E2E_DIR ?? '/tmp/mag-e2e', 'mail');
/** The code allauth mails to verify an address, on a line of its own. */
const EMAIL_CODE = /^[A-Z0-9]{4}-[A-Z0-9]{4}$/m;
export const PASSWORD = 'a long tune 4 you';

/** The e-mails sent to `address`, oldest first (one file per connection, in the order written). */
export function mailTo(address: string): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(MAIL_DIR).map((name) => join(MAIL_DIR, name));
  } catch {
    return [];
  }
  return files
    .map((path) => ({ path, written: statSync(path).mtimeMs }))
    .sort((a, b) => a.written - b.written)
    .map(({ path }) => readFileSync(path, 'utf8'))
    .flatMap((text) => text.split(/^-{70,}$/m))
    .filter((message) => message.includes(`To: ${address}`));
}

/** The newest e-mail to `address`, once there are more than the `seen` there were before. */
export async function newMailTo(address: string, seen: number): Promise<string> {
  await expect
    .poll(() => mailTo(address).length, { message: `an e-mail to ${address}`, timeout: 10_000 })
    .toBeGreaterThan(seen);
  return mailTo(address).at(-1) ?? '';
}

/** The verification code in the next e-mail to `address`. */
export async function newEmailCode(address: string, seen: number): Promise<string> {
  const code = EMAIL_CODE.exec(await newMailTo(address, seen))?.[0];
  expect(code, 'the e-mail holds a code').toBeTruthy();
  return code ?? '';
}

/** Fills in and sends the sign-up form; returns the code step it leads to. */
export async function submitSignUp(page: Page, email: string): Promise<Locator> {
  await page.goto('/account/signup');
  const form = page.getByRole('form', { name: 'Sign up' });
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign up' }).click();
  return page.getByRole('form', { name: 'Verify e-mail' });
}

/** Signs up on the sign-up page and types the code from the e-mail: the header shows the account. */
export async function signUp(page: Page, email: string) {
  const seen = mailTo(email).length;
  const step = await submitSignUp(page, email);
  await expect(step).toContainText(`We sent a code to ${email}.`);
  await step.getByLabel('Code').fill(await newEmailCode(email, seen));
  await step.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('button', { name: 'Account menu' })).toHaveText(email);
}

/** Signs up and verifies the address through allauth's API, in the page's browser (its cookies). */
export async function signUpByApi(page: Page, email: string) {
  await page.request.get('/api/account'); // sets the CSRF cookie, as the app does
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
  const headers = { 'X-CSRFToken': csrf };
  const seen = mailTo(email).length;
  const signedUp = await page.request.post('/api/auth/browser/v1/auth/signup', {
    headers,
    data: { email, password: PASSWORD },
  });
  expect(signedUp.status(), 'sign-up waits for the mailed code').toBe(401);
  const verified = await page.request.post('/api/auth/browser/v1/auth/email/verify', {
    headers,
    data: { key: await newEmailCode(email, seen) },
  });
  expect(verified.status()).toBe(200);
}
