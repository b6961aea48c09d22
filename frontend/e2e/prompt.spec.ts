import { expect, shoot, test } from './support';

test('a sentence fills in the song settings, which stay editable', async ({ page }, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  await page.goto('/');
  await expect(page.getByLabel('Genre', { exact: true })).toBeEnabled();
  await page
    .getByLabel('Describe your song')
    .fill('dreamy lo-fi for studying, slow, in A minor, with rhodes and vinyl drums, 16 bars');
  await page.getByRole('button', { name: 'Fill in from text' }).click();

  const matched = page.getByTestId('prompt-matched');
  await expect(matched).toBeVisible();
  await expect(page.getByLabel('Genre', { exact: true })).toHaveValue('lofi');
  await expect(page.getByLabel('Key', { exact: true })).toHaveValue('A');
  await expect(page.getByLabel('Mode', { exact: true })).toHaveValue('minor');
  await expect(page.getByLabel('Length', { exact: true })).toHaveValue('16 bars');
  const instruments = () =>
    page
      .getByTestId('instrument-row')
      .evaluateAll((rows) => rows.map((row) => row.querySelector('select')?.value ?? ''));
  await expect.poll(instruments).toContain('electric_piano_1_rhodes');
  await expect.poll(async () => (await instruments()).some((slug) => slug.endsWith('_drum_kit'))).toBe(true);
  const tempo = Number((await page.getByLabel('Tempo', { exact: true }).inputValue()).replace(/\D/g, ''));
  expect(tempo).toBeGreaterThanOrEqual(60);
  expect(tempo).toBeLessThanOrEqual(90);

  // The user can still change anything before generating.
  await page.getByLabel('Mood', { exact: true }).selectOption('sad');
  await expect(page.getByLabel('Mood', { exact: true })).toHaveValue('sad');

  await shoot(page, `${testInfo.project.name}-prompt`);
  expect(consoleErrors).toEqual([]);
});
