import { collectConsoleErrors, expect, expectNoHorizontalOverflow, probeAudio, shoot, openDetails, test } from './support';

const INSTRUMENTS = [
  { slug: 'acoustic_grand_piano', role: 'chords', name: 'Acoustic Grand Piano' },
  { slug: 'fingered_electric_bass', role: 'bass', name: 'Electric Bass' },
  { slug: 'standard_drum_kit', role: 'drums', name: 'Drum Kit' },
];
/** Reverb and release after the last bar may lengthen the file; the song must not be shorter. */
const TAIL_SECONDS = 4;

test('generate a short song, play it, mute a track and download the MP3', async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const consoleErrors = collectConsoleErrors(page);

  await page.goto('/');
  const form = page.getByRole('form', { name: 'Song settings' });
  await expect(form).toBeVisible();
  await expect(page.getByLabel('Genre', { exact: true })).toBeEnabled();
  await openDetails(page);

  // Three instruments, one of them drums.
  const rows = page.getByTestId('instrument-row');
  while ((await rows.count()) > INSTRUMENTS.length) {
    await page.getByRole('button', { name: `Remove instrument ${await rows.count()}` }).click();
  }
  while ((await rows.count()) < INSTRUMENTS.length) {
    await page.getByRole('button', { name: 'Add instrument' }).click();
  }
  for (const [index, part] of INSTRUMENTS.entries()) {
    await page.getByLabel(`Instrument ${index + 1}`, { exact: true }).selectOption(part.slug);
    await page.getByLabel(`Role ${index + 1}`, { exact: true }).selectOption(part.role);
  }
  await form.locator('label', { hasText: /^bars$/ }).click();
  await expect(page.getByRole('radio', { name: 'bars' })).toBeChecked();
  await page.getByLabel('Length', { exact: true }).fill('8');
  await page.getByLabel('Seed', { exact: true }).fill('7');
  await page.getByLabel('Title', { exact: true }).fill('E2E groove');
  await expectNoHorizontalOverflow(page);
  await shoot(page, `${project}-1-form`);

  await page.getByRole('button', { name: 'Generate' }).click();
  const progress = page.getByTestId('job-progress');
  const player = page.getByTestId('player');
  const failed = page.getByTestId('job-failed');
  await expect(progress.or(player).or(failed)).toBeVisible();
  if (await progress.isVisible()) {
    await expectNoHorizontalOverflow(page);
    await shoot(page, `${project}-2-progress`);
  }

  await expect(player.or(failed)).toBeVisible({ timeout: 150_000 });
  if (await failed.isVisible()) {
    throw new Error(`The generation job failed: ${await failed.innerText()}`);
  }
  const trackRows = player.getByTestId('track-row');
  await expect(trackRows).toHaveCount(INSTRUMENTS.length);
  for (const [index, part] of INSTRUMENTS.entries()) {
    await expect(trackRows.nth(index)).toContainText(part.name);
  }

  const playToggle = page.getByTestId('play-toggle');
  await expect(playToggle).toBeEnabled({ timeout: 30_000 });
  await expectNoHorizontalOverflow(page);
  await shoot(page, `${project}-3-player`);

  await playToggle.click();
  await expect(playToggle).toHaveAttribute('aria-label', 'Pause');
  await expect
    .poll(() => page.evaluate(() => window.__player?.snapshot().position ?? 0), { timeout: 10_000 })
    .toBeGreaterThan(1);
  await expect(page.getByTestId('position')).not.toHaveText(/^0:00 \//);

  const drums = trackRows.nth(2);
  const drumsId = await drums.getAttribute('data-track-id');
  const mute = drums.getByRole('button', { name: /^Mute / });
  await mute.click();
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => page.evaluate((id) => window.__player?.targetGain(String(id)), drumsId)).toBe(0);
  expect(await page.evaluate(() => window.__player?.snapshot().playing)).toBe(true);
  await shoot(page, `${project}-4-playing-muted`);
  await playToggle.click();
  await expect(playToggle).toHaveAttribute('aria-label', 'Play');

  const mp3Link = player.getByRole('link', { name: 'MP3' });
  const href = await mp3Link.getAttribute('href');
  const songId = /songs\/([0-9a-f-]{36})\//.exec(href ?? '')?.[1];
  expect(songId, `song id in ${href}`).toBeTruthy();
  const song = (await (await page.request.get(`/api/songs/${songId}`)).json()) as {
    duration_seconds: number;
  };

  const [download] = await Promise.all([page.waitForEvent('download'), mp3Link.click()]);
  const mp3Path = testInfo.outputPath('song.mp3');
  await download.saveAs(mp3Path);
  const probe = probeAudio(mp3Path);
  expect(probe.codec).toBe('mp3');
  expect(probe.seconds).toBeGreaterThanOrEqual(song.duration_seconds - 0.5);
  expect(probe.seconds).toBeLessThanOrEqual(song.duration_seconds + 0.5 + TAIL_SECONDS);

  expect(consoleErrors).toEqual([]);
});
