import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Options } from '@/lib/api-types';
import { jobFixture, optionsFixture, songFixture } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { HumPanel } from './hum-panel';

// The browser boundary: microphone, MediaRecorder and the Web Audio nodes the recorder uses.
class FakeTrack {
  stopped = false;
  stop() {
    this.stopped = true;
  }
}

class FakeStream {
  readonly tracks = [new FakeTrack()];
  getTracks() {
    return this.tracks;
  }
}

class FakeMediaRecorder {
  static readonly instances: FakeMediaRecorder[] = [];
  static isTypeSupported(type: string) {
    return type.startsWith('audio/webm');
  }
  state: 'inactive' | 'recording' = 'inactive';
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  constructor(
    readonly stream: FakeStream,
    readonly options?: { mimeType?: string },
  ) {
    FakeMediaRecorder.instances.push(this);
  }
  get mimeType() {
    return this.options?.mimeType ?? '';
  }
  start() {
    this.state = 'recording';
  }
  stop() {
    this.state = 'inactive';
    this.ondataavailable?.({ data: new Blob(['hummed-take'], { type: this.mimeType }) });
    this.onstop?.();
  }
}

const param = () => ({ value: 0, setValueAtTime: vi.fn(), linearRampToValueAtTime: vi.fn() });
const node = () => ({ connect: vi.fn(), disconnect: vi.fn() });

class FakeContext {
  static readonly instances: FakeContext[] = [];
  static inputLevel = 0.2;
  currentTime = 0;
  closed = false;
  readonly destination = node();
  readonly clicks: { frequency: number; when: number }[] = [];
  constructor() {
    FakeContext.instances.push(this);
  }
  resume() {
    return Promise.resolve();
  }
  close() {
    this.closed = true;
    return Promise.resolve();
  }
  createMediaStreamSource() {
    return node();
  }
  createAnalyser() {
    return {
      ...node(),
      fftSize: 2048,
      getFloatTimeDomainData: (array: Float32Array) => array.fill(FakeContext.inputLevel),
    };
  }
  createGain() {
    return { ...node(), gain: param() };
  }
  createOscillator() {
    const oscillator = {
      ...node(),
      frequency: param(),
      onended: null as (() => void) | null,
      start: (when: number) => this.clicks.push({ frequency: oscillator.frequency.value, when }),
      stop: vi.fn(),
    };
    return oscillator;
  }
}

const OPTIONS: Options = {
  ...optionsFixture,
  instruments: [
    ...optionsFixture.instruments,
    { slug: 'clarinet', name: 'Clarinet', family: 'Reed', default_role: 'lead', is_drum_kit: false },
    { slug: 'violin', name: 'Violin', family: 'Strings', default_role: 'lead', is_drum_kit: false },
  ],
};

function captureMelodyPosts() {
  const posts: { form: FormData; raw: string }[] = [];
  server.use(
    http.post('*/api/songs/from-melody', async ({ request }) => {
      const raw = await request.clone().text();
      posts.push({ form: await request.formData(), raw });
      return HttpResponse.json(
        { song: songFixture({ status: 'pending' }), job: jobFixture(), upload: 'u1' },
        { status: 202 },
      );
    }),
  );
  return posts;
}

describe('HumPanel', () => {
  let getUserMedia: ReturnType<typeof vi.fn>;
  let stream: FakeStream;

  beforeEach(() => {
    FakeMediaRecorder.instances.length = 0;
    FakeContext.instances.length = 0;
    stream = new FakeStream();
    getUserMedia = vi.fn(() => Promise.resolve(stream));
    vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
    vi.stubGlobal('AudioContext', FakeContext);
    Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:take', revokeObjectURL: vi.fn() }));
    document.cookie = 'csrftoken=test-csrf-token; path=/';
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('counts in at the tempo, records with a level meter and sends the take for a song', async () => {
    const posts = captureMelodyPosts();
    const onCreated = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<HumPanel options={OPTIONS} onCreated={onCreated} />);

    const tempo = screen.getByLabelText('Tempo (BPM)');
    await user.clear(tempo);
    await user.type(tempo, '240');
    await user.selectOptions(screen.getByLabelText('Melody played by'), 'violin');
    await user.selectOptions(screen.getByLabelText('Song length'), '16');
    await user.click(screen.getByRole('button', { name: 'Record' }));

    expect(await screen.findByText(/Count-in: [1-4] \/ 4/)).toBeInTheDocument();
    expect(getUserMedia).toHaveBeenCalledWith({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    const context = FakeContext.instances[0];
    // Four clicks a quarter note apart at 240 BPM, the first one accented (higher).
    expect(context?.clicks.map((click) => click.when)).toEqual([0.1, 0.35, 0.6, 0.85]);
    expect(context?.clicks.map((click) => click.frequency)).toEqual([1760, 1320, 1320, 1320]);
    expect(FakeMediaRecorder.instances).toHaveLength(0); // not recording during the count-in

    expect(await screen.findByText(/Recording 0:0\d/, {}, { timeout: 3000 })).toBeInTheDocument();
    expect(FakeMediaRecorder.instances[0]?.state).toBe('recording');
    expect(FakeMediaRecorder.instances[0]?.mimeType).toBe('audio/webm;codecs=opus');
    await waitFor(() =>
      expect(screen.getByRole('progressbar', { name: 'Input level' })).toHaveAttribute('aria-valuenow', '60'),
    );

    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(await screen.findByLabelText('Your take')).toHaveAttribute('src', 'blob:take');
    expect(stream.tracks[0]?.stopped).toBe(true);
    expect(context?.closed).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Make a song from this melody' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    const form = posts[0]?.form;
    expect(form?.get('tempo')).toBe('240');
    expect(form?.get('starts_on_downbeat')).toBe('true');
    expect(form?.get('genre')).toBe('pop');
    expect(form?.get('length_bars')).toBe('16');
    expect(JSON.parse(String(form?.get('instruments')))).toEqual([
      { instrument: 'violin', role: 'lead' },
      { instrument: 'piano', role: 'chords' },
      { instrument: 'electric_bass', role: 'bass' },
      { instrument: 'drums', role: 'drums' },
    ]);
    expect(await (form?.get('file') as File).text()).toBe('hummed-take');
    // (jsdom's File loses its name on the way into the test server; the e2e spec checks the name.)
    expect(posts[0]?.raw).toContain('Content-Type: audio/webm;codecs=opus');
  });

  it('explains a refused microphone and offers the file upload instead', async () => {
    getUserMedia.mockImplementation(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    const user = userEvent.setup();
    renderWithProviders(<HumPanel options={OPTIONS} onCreated={vi.fn()} />);

    await user.click(screen.getByRole('button', { name: 'Record' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Microphone access was refused');
    expect(screen.getByRole('button', { name: 'Make a song from this melody' })).toBeDisabled();
  });

  it('clears "No microphone" once the user switches to uploading a file', async () => {
    getUserMedia.mockImplementation(() => Promise.reject(new DOMException('none', 'NotFoundError')));
    const user = userEvent.setup();
    renderWithProviders(<HumPanel options={OPTIONS} onCreated={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Record' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No microphone was found');

    await user.click(screen.getByText('Upload a file'));

    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('uploads a file with the tempo left to detection and shows the server’s message', async () => {
    server.use(
      http.post('*/api/songs/from-melody', async ({ request }) => {
        const form = await request.formData();
        expect(form.get('tempo')).toBeNull();
        expect(form.get('starts_on_downbeat')).toBe('false');
        return HttpResponse.json(
          {
            message: 'This is not an audio file we can read.',
            extra: { fields: { file: ['This is not an audio file we can read.'] } },
          },
          { status: 415 },
        );
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<HumPanel options={OPTIONS} onCreated={vi.fn()} />);

    await user.click(screen.getByText('Upload a file'));
    const picker = document.querySelector<HTMLInputElement>('input[type="file"]');
    expect(picker).not.toBeNull();
    await user.upload(picker as HTMLInputElement, new File(['not audio'], 'notes.mp3', { type: 'audio/mpeg' }));
    await user.click(screen.getByRole('button', { name: 'Make a song from this melody' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('This is not an audio file we can read.');
    expect(getUserMedia).not.toHaveBeenCalled();
  });
});
