import { writeFileSync } from 'node:fs';
import { collectConsoleErrors, expect, expectNoHorizontalOverflow, shoot, test } from './support';

// A hummed melody, synthesised here from known notes, is what Chromium's fake microphone "hears".
const SAMPLE_RATE = 44100;
const TEMPO = 100;
const LEAD_IN_SECONDS = 0.5;
/** (beat, beats, MIDI pitch): two bars in C major, within the clarinet's range. */
const TUNE: [number, number, number][] = [
  [0, 1, 60], [1, 1, 64], [2, 1, 67], [3, 0.5, 65], [3.5, 0.5, 64],
  [4, 1, 62], [5, 1, 59], [6, 2, 60],
]; // prettier-ignore
const TAKE_SECONDS = LEAD_IN_SECONDS + (8 * 60) / TEMPO + 1;
const WAV_PATH = '/tmp/mag-e2e-hummed-melody.wav';

function hummedWav(): Buffer {
  const samples = new Float32Array(Math.ceil(TAKE_SECONDS * SAMPLE_RATE));
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (const [beat, beats, pitch] of TUNE) {
    const start = Math.round((LEAD_IN_SECONDS + (beat * 60) / TEMPO) * SAMPLE_RATE);
    const length = Math.round(((beats * 60) / TEMPO - 0.06) * SAMPLE_RATE);
    let phase = 0;
    for (let i = 0; i < length; i += 1) {
      const t = i / SAMPLE_RATE;
      const cents = 8 + 25 * Math.sin(2 * Math.PI * 5.5 * t) * Math.min(1, t / 0.3);
      phase += (2 * Math.PI * 440 * 2 ** ((pitch - 69) / 12 + cents / 1200)) / SAMPLE_RATE;
      let tone = 0;
      for (let k = 1; k <= 8; k += 1) tone += 0.7 ** k * Math.sin(k * phase);
      const envelope = Math.min(1, t / 0.03, (length / SAMPLE_RATE - t) / 0.04);
      samples[start + i] = (samples[start + i] ?? 0) + 0.25 * tone * envelope;
    }
  }
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((value, i) => {
    const noisy = value + 0.005 * random();
    data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, noisy)) * 32767), i * 2);
  });
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

writeFileSync(WAV_PATH, hummedWav());

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${WAV_PATH}%noloop`,
    ],
  },
  permissions: ['microphone'],
});

interface EditorTrack {
  role: string;
  instrument: string;
  notes: [number, number, number, number][];
}

test('hum a melody into the microphone and get a song whose lead plays it', async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const consoleErrors = collectConsoleErrors(page);

  await page.goto('/');
  const panel = page.getByRole('form', { name: 'Hum a melody' });
  await expect(panel).toBeVisible();
  await expectNoHorizontalOverflow(page);
  test.skip(project === 'mobile', 'the recording flow runs once, on desktop');

  // The fake microphone starts playing the file when it opens: no count-in, the tempo is measured.
  await panel.getByRole('switch', { name: 'Count-in (4 clicks)' }).uncheck();
  await panel.getByLabel('Melody played by').selectOption('clarinet');
  await panel.getByLabel('Song length').selectOption('8');
  await panel.getByRole('button', { name: 'Record' }).click();
  await expect(panel.getByText(/Recording 0:0\d/)).toBeVisible();
  await expect
    .poll(async () => Number(await panel.getByRole('progressbar', { name: 'Input level' }).getAttribute('aria-valuenow')), {
      timeout: 10_000,
    })
    .toBeGreaterThan(5);
  await shoot(page, `${project}-hum-1-recording`);
  // Stop as the file ends: Chromium's fake device may start it again after its end. The clock shows each
  // second for one second only: read it often (expect's own polling slows to once a second and can miss it).
  const recording = panel.getByText(/^Recording \d+:\d\d$/);
  await expect
    .poll(async () => Number(/:(\d\d)$/.exec((await recording.textContent()) ?? '')?.[1] ?? 0), {
      intervals: [50],
      timeout: 20_000,
    })
    .toBeGreaterThanOrEqual(Math.floor(TAKE_SECONDS));
  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect(panel.getByLabel('Your take')).toBeVisible();

  const [created] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/api/songs/from-melody')),
    panel.getByRole('button', { name: 'Make a song from this melody' }).click(),
  ]);
  expect(created.status()).toBe(202);
  const body = (await created.json()) as { song: { id: string }; upload: string };
  const upload = (await (await page.request.get(`/api/uploads/${body.upload}`)).json()) as {
    filename: string;
    format: string;
  };
  expect(upload.filename).toBe('melody.webm');
  expect(upload.format).toBe('WebM');

  const player = page.getByTestId('player');
  const failed = page.getByTestId('job-failed');
  await expect(player.or(failed)).toBeVisible({ timeout: 150_000 });
  if (await failed.isVisible()) throw new Error(`The melody job failed: ${await failed.innerText()}`);
  await shoot(page, `${project}-hum-2-song`);

  await page.getByRole('link', { name: 'Open in editor' }).click();
  await expect(page).toHaveURL(new RegExp(`/songs/${body.song.id}`));
  const state = (await (await page.request.get(`/api/songs/${body.song.id}/editor`)).json()) as {
    tempo: number;
    key: string;
    mode: string;
    bars: number;
    tracks: EditorTrack[];
  };
  const lead = state.tracks.find((track) => track.role === 'lead');
  expect(lead?.instrument).toBe('clarinet');
  // The 2-bar tune is repeated into an 8-bar song.
  expect(state.bars).toBe(8);
  expect(lead?.notes.map((note) => note[2])).toEqual([1, 2, 3, 4].flatMap(() => TUNE.map(([, , pitch]) => pitch)));
  expect(state.tempo).toBeGreaterThanOrEqual(TEMPO - 2);
  expect(state.tempo).toBeLessThanOrEqual(TEMPO + 2);
  expect(`${state.key} ${state.mode}`).toBe('C major');
  await shoot(page, `${project}-hum-3-editor`);
  expect(consoleErrors).toEqual([]);
});
