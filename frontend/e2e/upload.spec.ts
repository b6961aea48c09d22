import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { type Page } from '@playwright/test';
import { expect, expectNoHorizontalOverflow, probeAudio, shoot, test } from './support';

const SPEC = {
  genre: 'pop',
  mood: 'happy',
  tempo: 120,
  key: 'C',
  mode: 'major',
  instruments: [
    { instrument: 'acoustic_grand_piano', role: 'chords' },
    { instrument: 'fingered_electric_bass', role: 'bass' },
  ],
  length_bars: 4,
  seed: 5,
};

/** A WAV file made here: `seconds` of a 440 Hz tone, 16-bit stereo at 44.1 kHz. */
function sineWav(seconds: number): Buffer {
  const rate = 44100;
  const frames = Math.round(seconds * rate);
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i += 1) {
    const sample = Math.round(0.4 * 32767 * Math.sin((2 * Math.PI * 440 * i) / rate));
    data.writeInt16LE(sample, i * 4);
    data.writeInt16LE(sample, i * 4 + 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(2, 22); // stereo
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A WAV file made here: clicks at `bpm` over a held A (so it has a clear beat), 16-bit stereo. */
function clickTrackWav(bpm: number, seconds: number): Buffer {
  const wav = sineWav(seconds);
  const rate = 44100;
  const beat = Math.round((60 / bpm) * rate);
  for (let start = 0; start + 441 < seconds * rate; start += beat) {
    for (let i = 0; i < 441; i += 1) {
      const click = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * 1500 * i) / rate) * Math.sin((Math.PI * i) / 441));
      for (const channel of [0, 2]) {
        const at = 44 + (start + i) * 4 + channel;
        wav.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(wav.readInt16LE(at) * 0.3) + click)), at);
      }
    }
  }
  return wav;
}

/** A song made through the API (the generate page has its own spec); returns its id once it is ready. */
async function readySong(page: Page): Promise<string> {
  await page.goto('/');
  await page.request.get('/api/options');
  const cookies = await page.context().cookies();
  const csrf = cookies.find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
  const created = await page.request.post('/api/songs/', { data: SPEC, headers: { 'X-CSRFToken': csrf } });
  expect(created.status()).toBe(202);
  const { song, job } = (await created.json()) as { song: { id: string }; job: { id: string } };
  await expect
    .poll(async () => ((await (await page.request.get(`/api/jobs/${job.id}`)).json()) as { status: string }).status, {
      timeout: 120_000,
    })
    .toBe('succeeded');
  return song.id;
}

/** Loudest sample of an audio file in dBFS, as ffmpeg's volumedetect measures it. */
function maxVolumeDb(path: string): number {
  // volumedetect reports on stderr.
  const run = spawnSync('ffmpeg', ['-hide_banner', '-i', path, '-af', 'volumedetect', '-f', 'null', '-'], {
    encoding: 'utf8',
  });
  return Number(/max_volume: (-?[\d.]+) dB/.exec(run.stderr)?.[1] ?? Number.NaN);
}

test('upload a recording and add it to a song as an audio track', async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  const songId = await readySong(page);

  await page.goto(`/songs/${songId}`);
  const lanes = page.getByTestId('track-lane');
  await expect(lanes).toHaveCount(2);
  await page.getByRole('button', { name: 'Add audio track…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add audio track' });
  await dialog.getByLabel('Audio file').setInputFiles({ name: 'take.wav', mimeType: 'audio/wav', buffer: sineWav(3) });

  const summary = dialog.getByTestId('upload-summary');
  await expect(summary).toContainText('take.wav', { timeout: 30_000 });
  await expect(summary).toContainText('WAV');
  await expect(summary).toContainText('0:03');
  await dialog.getByLabel('Starts at beat').fill('4');
  await shoot(page, `${project}-upload-1-dialog`);
  await dialog.getByRole('button', { name: 'Add track' }).click();

  await expect(lanes).toHaveCount(3);
  const lane = page.locator('[data-testid="track-lane"][data-track-id="a1"]');
  await expect(lane).toContainText('take');
  await expect(lane).toContainText('Audio');
  await expect(page.getByTestId('edit-history')).toContainText('Added the recording take');
  await expect(page.getByTestId('play-toggle')).toBeEnabled({ timeout: 60_000 });
  await expect(lane.getByLabel('Waveform of take')).toBeVisible({ timeout: 60_000 });

  // The track's stem, as the editor plays it: the song's length, with the tone in it (not silence).
  await expect
    .poll(async () => {
      const state = (await (await page.request.get(`/api/songs/${songId}/editor`)).json()) as {
        render: { status: string };
      };
      return state.render.status;
    }, { timeout: 60_000 })
    .toBe('ready');
  const state = (await (await page.request.get(`/api/songs/${songId}/editor`)).json()) as {
    tracks: { id: string; stem_url: string | null }[];
    duration_seconds: number;
  };
  const stemUrl = state.tracks.find((track) => track.id === 'a1')?.stem_url;
  expect(stemUrl).toBeTruthy();
  const stem = await page.request.get(stemUrl ?? '');
  expect(stem.status()).toBe(200);
  const path = testInfo.outputPath('a1.flac');
  writeFileSync(path, await stem.body());
  expect(probeAudio(path).seconds).toBeGreaterThan(state.duration_seconds);
  expect(maxVolumeDb(path)).toBeGreaterThan(-20);

  // Heard in the browser: playing, the audio track's meter moves.
  await page.getByTestId('play-toggle').click();
  await expect(page.getByTestId('play-toggle')).toHaveAttribute('aria-label', 'Pause');
  await expect(page.getByTestId('position')).not.toHaveText(/^0:00 \//, { timeout: 10_000 });
  await page.getByTestId('play-toggle').click();

  await expectNoHorizontalOverflow(page);
  await shoot(page, `${project}-upload-2-track`);
  expect(consoleErrors).toEqual([]);
});

test('a file that is not audio is refused with a clear message', async ({ page }) => {
  const songId = await readySong(page);
  await page.goto(`/songs/${songId}`);
  await page.getByRole('button', { name: 'Add audio track…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add audio track' });

  await dialog
    .getByLabel('Audio file')
    .setInputFiles({ name: 'notes.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from('milk, eggs, bread\n'.repeat(40)) });

  await expect(dialog.getByRole('alert')).toContainText('This is not an audio file we can read');
  await expect(dialog.getByRole('button', { name: 'Add track' })).toBeDisabled();
});

test('start a song from a recording: its tempo fills the form and it becomes a track', async ({ page }, testInfo) => {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Song settings' });
  await expect(page.getByLabel('Genre', { exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Start from a recording…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start from a recording' });
  await dialog.getByLabel('Audio file').setInputFiles({ name: 'beat.wav', mimeType: 'audio/wav', buffer: clickTrackWav(100, 8) });
  await expect(dialog.getByTestId('upload-summary')).toContainText('100 BPM', { timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Use its tempo and key' }).click();

  await expect(page.getByTestId('start-from-upload')).toContainText('beat.wav');
  await expect(page.getByLabel('Tempo', { exact: true })).toHaveValue(/^100/);
  await form.locator('label', { hasText: /^bars$/ }).click();
  await page.getByLabel('Length', { exact: true }).fill('4');
  await shoot(page, `${testInfo.project.name}-upload-3-start-from-recording`);
  await page.getByRole('button', { name: 'Generate' }).click();

  await expect(page.getByTestId('start-upload-status')).toContainText('Your recording is an audio track of this song', {
    timeout: 150_000,
  });
  await page.getByRole('link', { name: 'Open in editor' }).click();
  await expect(page.getByTestId('editor').getByText('100 BPM', { exact: true })).toBeVisible();
  await expect(page.locator('[data-testid="track-lane"][data-track-id="a1"]')).toContainText('beat');
});
