import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Page } from '@playwright/test';
import { expect, expectAccessible, expectNoHorizontalOverflow, shoot, signUpByApi, openDetails, test } from './support';

const BARS = 4;

async function generateSong(page: Page) {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Song settings' });
  await expect(page.getByLabel('Genre', { exact: true })).toBeEnabled();
  await openDetails(page);
  await page.getByLabel('Genre', { exact: true }).selectOption('pop');
  await page.getByLabel('Tempo', { exact: true }).fill('120');
  await form.locator('label', { hasText: /^bars$/ }).click();
  await page.getByLabel('Length', { exact: true }).fill(String(BARS));
  await page.getByLabel('Seed', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Generate' }).click();
  const open = page.getByRole('link', { name: 'Open in editor' });
  await expect(open.or(page.getByTestId('job-failed'))).toBeVisible({ timeout: 150_000 });
  await open.click();
  await expect(page.getByTestId('editor')).toBeVisible();
}

/** Meta tags of the page as a crawler reads them from the server's HTML (no script runs for these). */
async function metaOf(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll('meta[property], meta[name]'), (meta) => [
        meta.getAttribute('property') ?? meta.getAttribute('name') ?? '',
        meta.getAttribute('content') ?? '',
      ]),
    ),
  );
}

test('a new user signs up, generates, finds the song in the library and shares it: private window, play, counts, embed, revoke', async ({ page, browser }, testInfo) => {
  const project = testInfo.project.name;
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  // A new user: signs up (links belong to verified addresses), generates a song, finds it again in their
  // library by its title and shares it.
  await page.goto('/');
  await signUpByApi(page, `owner-${Date.now()}-${project}@example.com`);
  await generateSong(page);
  const title = (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
  await page.goto('/library');
  await page.getByRole('textbox', { name: 'Search by title' }).fill(title.slice(0, 10).toLowerCase());
  const found = page.getByRole('article', { name: title, exact: true });
  await expect(found).toHaveCount(1);
  await found.getByRole('link', { name: `Open ${title} in the editor` }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Share…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share' });
  // Remixing hands the listener the audio, so it is offered only together with download.
  await expect(dialog.getByRole('checkbox', { name: /Let signed-in listeners remix it/ })).toBeDisabled();
  await dialog.getByRole('checkbox', { name: 'Let listeners download the MP3' }).check();
  await dialog.getByRole('checkbox', { name: /Let signed-in listeners remix it/ }).check();
  await expectAccessible(page, `${project} share dialog`, '[role="dialog"]');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const card = dialog.getByTestId('share-link');
  await expect(card).toHaveCount(1);
  await expect(card.getByText('Ready')).toBeVisible({ timeout: 60_000 });
  const url = await card.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  await expect(card.getByRole('link', { name: 'X' })).toHaveAttribute(
    'href',
    new RegExp(`^https://twitter\\.com/intent/tweet\\?url=${encodeURIComponent(url).replace(/[.?]/g, '\\$&')}`),
  );
  const embedCode = await card.getByRole('textbox', { name: 'Embed on a web page' }).inputValue();
  expect(embedCode).toContain(`src="${url}/embed"`);

  // A private window: a fresh context with no cookies of the owner's.
  const privateWindow = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const listener = await privateWindow.newPage();
  listener.on('pageerror', (error) => consoleErrors.push(error.message));
  const opened = await listener.goto(url);
  expect(opened?.status()).toBe(200);
  expect(opened?.headers()['referrer-policy']).toBe('no-referrer');
  const meta = await metaOf(listener);
  expect(meta['og:title']).toBe(title);
  expect(meta['og:url']).toBe(url);
  expect(meta['og:audio']).toBe(`${url}/audio.mp3`);
  expect(meta['twitter:card']).toBe('player');
  await expect(listener.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const image = await listener.request.get(meta['og:image']);
  expect(image.headers()['content-type']).toBe('image/png');

  // Play it: the audio element loads the MP3 and its clock runs.
  const audio = listener.locator('audio#player');
  await listener.locator('#wave').click({ position: { x: 2, y: 10 } }); // a user gesture on the page
  await audio.evaluate((element: HTMLAudioElement) => element.play());
  await expect
    .poll(() => audio.evaluate((element: HTMLAudioElement) => element.currentTime), { timeout: 20_000 })
    .toBeGreaterThan(1);
  const duration = await audio.evaluate((element: HTMLAudioElement) => element.duration);
  expect(duration).toBeGreaterThan(BARS * 2 - 0.5); // 4 bars at 120 BPM = 8 s, plus the release tail
  await expect
    .poll(async () => Number(await listener.locator('#played').getAttribute('width')), {
      message: 'the waveform shows the played part',
    })
    .toBeGreaterThan(0);
  await expectNoHorizontalOverflow(listener);
  await shoot(listener, `${project}-share-1-page`);
  await expectAccessible(listener, `${project} share page`);

  // The owner sees the view and the play (the page counts one play per view, however often it is played).
  await audio.evaluate((element: HTMLAudioElement) => {
    element.pause();
    return element.play();
  });
  await expect(card.getByTestId('share-counts')).toHaveText('1 view · 1 play', { timeout: 20_000 });
  await dialog.screenshot({ path: `e2e/screenshots/${project}-share-2-dialog.png` });

  // The embed plays inside another site's iframe; the page itself refuses to be framed.
  const blog = createServer((_, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(`<!doctype html><h1>My blog</h1>${embedCode}<iframe id="page" src="${url}"></iframe>`);
  });
  await new Promise<void>((resolve) => blog.listen(0, 'localhost', resolve));
  const host = await privateWindow.newPage();
  await host.goto(`http://localhost:${(blog.address() as AddressInfo).port}/`);
  const embed = host.frameLocator(`iframe[src="${url}/embed"]`);
  await expect(embed.getByRole('heading', { name: title })).toBeVisible();
  await expect(embed.locator('audio#player')).toHaveAttribute('src', `${url}/audio.mp3`);
  await expect(host.frameLocator('#page').getByRole('heading', { name: title })).toHaveCount(0);
  await shoot(host, `${project}-share-3-embed`);
  const embedPage = await privateWindow.newPage();
  await embedPage.goto(`${url}/embed`);
  await expectAccessible(embedPage, `${project} embed`);
  await embedPage.close();

  // A listener who signs up can remix: the song is copied into their library and opens in their editor.
  await expect(listener.getByRole('link', { name: 'Sign in to remix' })).toBeVisible();
  await signUpByApi(listener, `listener-${Date.now()}-${project}@example.com`);
  await listener.reload();
  await listener.getByRole('button', { name: 'Remix: copy to my library' }).click();
  await expect(listener).toHaveURL(/\/songs\/[0-9a-f-]{36}$/);
  // A cold start of the app in this window: give a loaded machine time.
  await expect(listener.getByRole('heading', { level: 1, name: `${title} (remix)` })).toBeVisible({ timeout: 60_000 });
  await expect(listener.getByTestId('track-lane').first()).toBeVisible({ timeout: 30_000 });
  await listener.goto(url);

  // Revoke: the page, the embed and the audio die.
  await card.getByRole('button', { name: 'Revoke…' }).click();
  await card.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(dialog.getByText('1 revoked link no longer works.')).toBeVisible();
  const reloaded = await listener.reload();
  expect(reloaded?.status()).toBe(404);
  await expect(listener.getByRole('heading', { level: 1, name: 'This link is no longer available' })).toBeVisible();
  await expect(listener.getByRole('link', { name: 'Make your own song' })).toHaveAttribute('href', '/');
  await expectNoHorizontalOverflow(listener);
  await shoot(listener, `${project}-share-4-revoked-page`);
  await expectAccessible(listener, `${project} revoked share page`);
  expect((await listener.request.get(`${url}/audio.mp3`)).status()).toBe(404);
  expect((await listener.request.get(`${url}/embed`)).status()).toBe(404);
  // The site that embedded it shows a small card instead of a broken frame.
  await host.reload();
  const gone = host.frameLocator(`iframe[src="${url}/embed"]`);
  await expect(gone.getByRole('heading', { name: 'This song is no longer available' })).toBeVisible();
  await shoot(host, `${project}-share-5-revoked-embed`);
  const goneEmbed = await privateWindow.newPage();
  expect((await goneEmbed.goto(`${url}/embed`))?.status()).toBe(404);
  await expectAccessible(goneEmbed, `${project} revoked embed`);
  await host.close();
  blog.close();
  await privateWindow.close();
  expect(consoleErrors).toEqual([]);
});
