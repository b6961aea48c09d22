import { type Page } from '@playwright/test';
import { collectConsoleErrors, chooseFromMenu, chooseOption, expect, expectAccessible, expectNoHorizontalOverflow, probeAudio, shoot, openDetails, test } from './support';

const INSTRUMENTS = [
  { slug: 'acoustic_grand_piano', role: 'chords' },
  { slug: 'fingered_electric_bass', role: 'bass' },
  { slug: 'standard_drum_kit', role: 'drums' },
];
const BARS = 8;
const NEW_TEMPO = 100;
const TAIL_SECONDS = 2;

async function generateSong(page: Page) {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Song settings' });
  await expect(page.getByLabel('Genre', { exact: true })).toBeEnabled();
  await openDetails(page);
  await page.getByLabel('Genre', { exact: true }).selectOption('pop');
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
  await page.getByLabel('Tempo', { exact: true }).fill('120');
  await form.locator('label', { hasText: /^bars$/ }).click();
  await page.getByLabel('Length', { exact: true }).fill(String(BARS));
  await page.getByLabel('Seed', { exact: true }).fill('11');
  await page.getByRole('button', { name: 'Generate' }).click();
  const open = page.getByRole('link', { name: 'Open in editor' });
  const failed = page.getByTestId('job-failed');
  await expect(open.or(failed)).toBeVisible({ timeout: 150_000 });
  if (await failed.isVisible()) throw new Error(`Generation failed: ${await failed.innerText()}`);
  await open.click();
}

test('edit a song: tempo, mute, reverb, undo, export WAV 24-bit', async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const consoleErrors = collectConsoleErrors(page);

  await generateSong(page);
  const editor = page.getByTestId('editor');
  await expect(editor).toBeVisible();
  const lanes = page.getByTestId('track-lane');
  await expect(lanes).toHaveCount(INSTRUMENTS.length);
  await expect(page.getByTestId('play-toggle')).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByTestId('history-empty')).toBeVisible();
  await expectAccessible(page, `${project} editor`);
  const history = page.getByTestId('edit-history');

  // Tempo 120 → 100.
  await page.getByLabel('Tempo (BPM)').fill(String(NEW_TEMPO));
  await page.getByRole('button', { name: 'Set', exact: true }).click();
  await expect(history).toContainText('Tempo 120 → 100 BPM');
  await expect(editor.getByText(`${NEW_TEMPO} BPM`, { exact: true })).toBeVisible();

  // Mute the drums: instant in the browser, and an edit on the server.
  const drums = lanes.nth(2);
  const drumsId = await drums.getAttribute('data-track-id');
  const mute = drums.getByRole('button', { name: /^Mute / });
  await mute.click();
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => page.evaluate((id) => window.__player?.targetGain(String(id)), drumsId)).toBe(0);
  await expect(history.locator('li')).toHaveCount(2);
  // The history names the track as the user sees it.
  const drumsName = (await drums.getByTestId('lane-name').getAttribute('title')) ?? '';
  await expect(history.locator('li').nth(1)).toHaveText(`Muted ${drumsName}`);

  // A "hall" reverb on the piano.
  const piano = lanes.nth(0);
  await chooseFromMenu(piano.getByRole('button', { name: /^Actions for / }), 'Effects…');
  const dialog = page.getByRole('dialog', { name: /^Effects — / });
  await chooseOption(dialog.getByRole('textbox', { name: 'Preset' }), 'Hall');
  await expect(dialog.getByTestId('effect')).toHaveCount(1);
  await expectAccessible(page, `${project} effects dialog`, '[role="dialog"]');
  await dialog.getByRole('button', { name: 'Save effects' }).click();
  await expect(dialog).toBeHidden();
  await expect(piano.getByTestId('fx-badge')).toHaveText('FX 1');
  await expect(piano.getByRole('button', { name: /^Actions for / }), 'the focus is back where it was').toBeFocused();
  await expect(history.locator('li')).toHaveCount(3);
  await expect(page.getByTestId('render-status')).toHaveText(/Mix ready/, { timeout: 60_000 });
  await expectNoHorizontalOverflow(page);
  await shoot(page, `${project}-editor-1-edited`);

  // Undo: the reverb edit becomes the redo tail and the chain is empty again.
  // The shortcut is the editor's, not a text field's: move the focus out of any field first.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('ControlOrMeta+z');
  await expect(piano.getByTestId('fx-badge')).toHaveCount(0);
  await expect(history.locator('li[data-applied="false"]')).toHaveCount(1);
  await expect(history.locator('li[data-applied="false"]')).toContainText(/hall|reverb|effects/i);
  await expect(page.getByTestId('render-status')).toHaveText(/Mix ready/, { timeout: 60_000 });

  // Export WAV 24-bit.
  await page.getByRole('button', { name: 'Export…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export' });
  await chooseOption(exportDialog.getByRole('textbox', { name: 'Format' }), 'WAV 24-bit');
  await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
  const downloadLink = exportDialog.getByRole('link', { name: /^Download/ });
  await expect(downloadLink).toBeVisible({ timeout: 60_000 });
  await shoot(page, `${project}-editor-2-export`);
  await expectAccessible(page, `${project} export dialog`, '[role="dialog"]');
  const [download] = await Promise.all([page.waitForEvent('download'), downloadLink.click()]);
  expect(download.suggestedFilename()).toMatch(/-100bpm-[a-z]+-[a-z-]+-24bit\.wav$/);
  const wavPath = testInfo.outputPath('song.wav');
  await download.saveAs(wavPath);
  const probe = probeAudio(wavPath);
  expect(probe.codec).toBe('pcm_s24le');
  expect(probe.sampleRate).toBe(44100);
  const expected = (BARS * 4 * 60) / NEW_TEMPO + TAIL_SECONDS;
  expect(Math.abs(probe.seconds - expected)).toBeLessThanOrEqual(0.3);
  await page.keyboard.press('Escape');
  await expect(exportDialog).toBeHidden();

  await expectNoHorizontalOverflow(page);
  expect(consoleErrors).toEqual([]);
});
