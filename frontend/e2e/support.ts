import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';

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
