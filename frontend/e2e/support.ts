import { execFileSync } from 'node:child_process';
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

export async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, 'page scrolls sideways').toBeLessThanOrEqual(0);
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
