/**
 * Records a hummed melody from the microphone: a count-in of clicks at the chosen tempo, then
 * MediaRecorder from the downbeat, with an input level for the meter. Owns its stream, audio graph,
 * recorder and timers, and releases all of them in dispose().
 */

export const COUNT_IN_BEATS = 4;
const CLICK_SECONDS = 0.05;
const ACCENT_HZ = 1760;
const CLICK_HZ = 1320;

export class MicrophoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MicrophoneError';
  }
}

/** A message a person can act on, for the errors getUserMedia and MediaRecorder raise. */
export function microphoneMessage(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'Microphone access was refused. Allow it in the browser’s site settings, or upload a file instead.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return 'No microphone was found. Plug one in, or upload a file instead.';
  }
  if (error instanceof MicrophoneError) return error.message;
  return 'The microphone could not be started. Try again, or upload a file instead.';
}

/** The container/codec this browser records in (Chrome and Firefox: WebM/Opus; Safari: MP4/AAC). */
function recordingType(): string {
  const candidates = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];
  const supports = typeof MediaRecorder.isTypeSupported === 'function';
  return candidates.find((type) => supports && MediaRecorder.isTypeSupported(type)) ?? '';
}

export function extensionFor(type: string): string {
  if (type.includes('ogg')) return 'ogg';
  if (type.includes('mp4')) return 'm4a';
  return 'webm';
}

export class MelodyRecorder {
  private readonly stream: MediaStream;
  private readonly context: AudioContext;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly analyser: AnalyserNode;
  private readonly samples: Float32Array<ArrayBuffer>;
  private recorder: MediaRecorder | null = null;
  private readonly chunks: Blob[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly clicks = new Set<OscillatorNode>();
  private disposed = false;

  private constructor(stream: MediaStream) {
    this.stream = stream;
    this.context = new AudioContext();
    this.source = this.context.createMediaStreamSource(stream);
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 1024;
    this.samples = new Float32Array(this.analyser.fftSize);
    this.source.connect(this.analyser);
  }

  /** Ask for the microphone (raw: no echo cancelling or gain riding, which smear a melody's notes). */
  static async open(): Promise<MelodyRecorder> {
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      throw new MicrophoneError('This browser cannot record audio. Upload a file instead.');
    }
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    return new MelodyRecorder(stream);
  }

  /** The input's RMS level now, 0..1 (a loud hum is around 0.3). */
  level(): number {
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const sample of this.samples) sum += sample * sample;
    return Math.min(1, Math.sqrt(sum / this.samples.length));
  }

  /**
   * Click `beats` beats at `tempo` (the first accented), calling onBeat(1..beats) on each; resolves on
   * the downbeat after the last click, which is when recording should start.
   */
  countIn(tempo: number, beats: number, onBeat: (beat: number) => void): Promise<void> {
    void this.context.resume();
    const beat = 60 / tempo;
    const start = this.context.currentTime + 0.1;
    for (let index = 0; index < beats; index += 1) {
      this.click(start + index * beat, index === 0);
      this.after((0.1 + index * beat) * 1000, () => onBeat(index + 1));
    }
    return new Promise((resolve) => this.after((0.1 + beats * beat) * 1000, resolve));
  }

  start(): void {
    const type = recordingType();
    const recorder = new MediaRecorder(this.stream, type ? { mimeType: type } : undefined);
    this.chunks.length = 0;
    recorder.ondataavailable = (event: BlobEvent) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    };
    recorder.start();
    this.recorder = recorder;
  }

  /** Stop recording; resolves with the take (empty if nothing was recorded). */
  stop(): Promise<Blob> {
    const recorder = this.recorder;
    if (!recorder || recorder.state === 'inactive') {
      return Promise.resolve(new Blob(this.chunks, { type: recordingType() }));
    }
    return new Promise((resolve) => {
      recorder.onstop = () => resolve(new Blob(this.chunks, { type: recorder.mimeType || recordingType() }));
      recorder.stop();
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const click of this.clicks) {
      click.onended = null;
      click.disconnect();
    }
    this.clicks.clear();
    if (this.recorder && this.recorder.state !== 'inactive') {
      this.recorder.ondataavailable = null;
      this.recorder.stop();
    }
    this.recorder = null;
    this.source.disconnect();
    this.analyser.disconnect();
    for (const track of this.stream.getTracks()) track.stop();
    void this.context.close();
  }

  private click(when: number, accent: boolean): void {
    const oscillator = this.context.createOscillator();
    const gain = this.context.createGain();
    oscillator.frequency.value = accent ? ACCENT_HZ : CLICK_HZ;
    gain.gain.setValueAtTime(accent ? 0.5 : 0.3, when);
    gain.gain.linearRampToValueAtTime(0, when + CLICK_SECONDS);
    oscillator.connect(gain);
    gain.connect(this.context.destination);
    oscillator.onended = () => {
      oscillator.disconnect();
      gain.disconnect();
      this.clicks.delete(oscillator);
    };
    oscillator.start(when);
    oscillator.stop(when + CLICK_SECONDS);
    this.clicks.add(oscillator);
  }

  private after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.disposed) run();
    }, ms);
    this.timers.add(timer);
  }
}
