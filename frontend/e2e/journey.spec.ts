import { type Locator, type Page } from '@playwright/test';
import { collectConsoleErrors, expect, expectAccessible, expectNoHorizontalOverflow, shoot, test } from './support';

const SENTENCE = 'a happy pop song with piano, bass and drums, 8 bars';
const MAX_TABS_TO_GENERATE = 10;

/** How many Tab presses from a freshly loaded page move the focus onto `target`. */
async function tabsTo(page: Page, target: Locator, limit: number): Promise<number> {
  for (let presses = 1; presses <= limit + 5; presses += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  return Number.POSITIVE_INFINITY;
}

/** Waits for the player of a song other than `previous`; returns its id and seed. */
async function nextSong(page: Page, previous: string | null): Promise<{ id: string; seed: string }> {
  const player = page.getByTestId('player');
  const failed = page.getByTestId('job-failed');
  const mp3 = player.getByRole('link', { name: 'MP3' });
  const songId = async () => /songs\/([0-9a-f-]{36})\//.exec((await mp3.getAttribute('href')) ?? '')?.[1] ?? null;
  await expect(player.or(failed)).toBeVisible({ timeout: 150_000 });
  if (await failed.isVisible()) throw new Error(`Generation failed: ${await failed.innerText()}`);
  await expect.poll(songId, { timeout: 150_000 }).not.toBe(previous);
  const seed = /Seed (\d+)/.exec(await player.innerText())?.[1] ?? '';
  return { id: (await songId()) ?? '', seed };
}

test('first visit: Generate is a few Tabs away, a sentence makes a song in view, Generate again makes another', async ({
  page,
}, testInfo) => {
  const project = testInfo.project.name;
  const consoleErrors = collectConsoleErrors(page);

  await page.goto('/');
  const generate = page.getByRole('button', { name: 'Generate', exact: true });
  await expect(generate).toBeEnabled();
  await expect(page.getByRole('link', { name: 'Sign up' })).toBeVisible(); // the phone header has it too
  await expect(generate, 'Generate is above the fold').toBeInViewport({ ratio: 1 });
  const tabs = await tabsTo(page, generate, MAX_TABS_TO_GENERATE);
  console.log(`${project}: Tab reaches Generate in ${tabs} presses`);
  expect(tabs).toBeLessThanOrEqual(MAX_TABS_TO_GENERATE);
  await expectNoHorizontalOverflow(page);
  await shoot(page, `${project}-journey-1-home`);
  await expectAccessible(page, `${project} home`);

  // A sentence and Generate: the settings are read from it, and the progress then the player come into view.
  await page.getByLabel('Describe your song').fill(SENTENCE);
  await generate.click();
  await expect(page.getByTestId('job-progress').or(page.getByTestId('player'))).toBeInViewport();
  const first = await nextSong(page, null);
  const player = page.getByTestId('player');
  await expect(player.getByRole('heading', { level: 2 })).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('play-toggle')).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('result')).toBeFocused();
  await expect(page.getByRole('button', { name: /^Details/ })).toContainText('new seed each time');
  await expect(page.getByTestId('play-toggle')).toBeEnabled({ timeout: 30_000 });
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: `e2e/screenshots/${project}-journey-2-result.png` }); // as the user sees it
  await expectAccessible(page, `${project} generate result`);

  // Shortcuts work where the player is: Space plays and pauses, → seeks 5 s, "?" lists them.
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('aria-label', 'Pause');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('aria-label', 'Play');
  const before = await page.evaluate(() => window.__player?.snapshot().position ?? 0);
  await page.keyboard.press('ArrowRight');
  await expect
    .poll(() => page.evaluate(() => window.__player?.snapshot().position ?? 0))
    .toBeCloseTo(before + 5, 0);
  await page.keyboard.press('?');
  const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(shortcuts).toBeVisible();
  await expectAccessible(page, `${project} shortcuts dialog`, '[role="dialog"]');
  await page.keyboard.press('Escape');
  await expect(shortcuts).toBeHidden();
  await expect(page.getByTestId('result'), 'the focus returns where it was').toBeFocused();

  // Generate again without touching anything: another seed, another song, other audio.
  await generate.click();
  const second = await nextSong(page, first.id);
  expect(second.seed).not.toBe(first.seed);
  await expect(player.getByRole('heading', { level: 2 })).toBeInViewport({ ratio: 1 });
  const [one, two] = await Promise.all(
    [first.id, second.id].map(async (id) => {
      const response = await page.request.get(`/api/songs/${id}/download?format=mp3`);
      expect(response.status()).toBe(200);
      return response.body();
    }),
  );
  expect(one?.equals(two ?? Buffer.alloc(0)), 'two different songs').toBe(false);
  console.log(`${project}: seeds ${first.seed} and ${second.seed}`);

  expect(consoleErrors).toEqual([]);
});

test('an unknown address shows a page of the app that leads back', async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByText('Unexpected Application Error')).toHaveCount(0);
  await expectNoHorizontalOverflow(page);
  await shoot(page, `${project}-journey-3-not-found`);
  await expectAccessible(page, `${project} 404 page`);
  await page.getByTestId('not-found').getByRole('link', { name: 'Make a song' }).click();
  await expect(page.getByRole('button', { name: 'Generate', exact: true })).toBeVisible();
});
