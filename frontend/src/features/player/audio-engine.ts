/**
 * Plays a song's stems in sync on one AudioContext clock.
 *
 * Graph: per stem `AudioBufferSource → Gain (mute/solo/volume) → StereoPanner → master Gain →
 * destination`. Sources are one-shot, so play/seek make new ones; mixer changes only move
 * gains with a short ramp and never restart playback. `dispose()` stops and disconnects every
 * node, clears the clock timer, aborts pending fetches and closes the context.
 */

export interface StemSource {
  id: string;
  url: string;
  /** Starting fader and pan, as the server's mix sets them. */
  volume?: number;
  pan?: number;
}

export interface ChannelMix {
  muted: boolean;
  soloed: boolean;
  /** Linear gain, 0..1. */
  volume: number;
  /** -1 (left) .. 1 (right). */
  pan: number;
}

export type EngineStatus = 'loading' | 'ready' | 'error' | 'disposed';

export interface EngineSnapshot {
  status: EngineStatus;
  error: string | null;
  playing: boolean;
  /** Seconds from the start of the song. */
  position: number;
  /** Seconds; the longest stem. */
  duration: number;
  mix: Readonly<Record<string, ChannelMix>>;
}

export interface AudioEngineOptions {
  createContext?: () => AudioContext;
  fetchStem?: (url: string, signal: AbortSignal) => Promise<ArrayBuffer>;
  /** How often the position is published while playing, in ms. */
  tickMs?: number;
  /** Length of the gain ramp that keeps mute/solo/volume changes click-free, in seconds. */
  rampSeconds?: number;
}

interface Channel {
  id: string;
  url: string;
  mix: ChannelMix;
  buffer: AudioBuffer | null;
  gain: GainNode | null;
  panner: StereoPannerNode | null;
  source: AudioBufferSourceNode | null;
}

type Listener = (snapshot: EngineSnapshot) => void;

const START_DELAY_SECONDS = 0.05;
const DEFAULT_MIX: ChannelMix = { muted: false, soloed: false, volume: 0.8, pan: 0 };

async function fetchArrayBuffer(url: string, signal: AbortSignal): Promise<ArrayBuffer> {
  const response = await fetch(url, { signal, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`Could not load a stem (${response.status}).`);
  return response.arrayBuffer();
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export class AudioEngine {
  private readonly options: Required<AudioEngineOptions>;
  private readonly channels: Channel[];
  private readonly listeners = new Set<Listener>();
  private readonly aborter = new AbortController();
  private context: AudioContext | null = null;
  private master: GainNode | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Context time at which position 0 would have played; valid while playing. */
  private startedAt = 0;
  /** Position while paused. */
  private offset = 0;
  private snapshot: EngineSnapshot;

  constructor(stems: StemSource[], options: AudioEngineOptions = {}) {
    this.options = {
      createContext: options.createContext ?? (() => new AudioContext()),
      fetchStem: options.fetchStem ?? fetchArrayBuffer,
      tickMs: options.tickMs ?? 50,
      rampSeconds: options.rampSeconds ?? 0.02,
    };
    this.channels = stems.map((stem) => ({
      id: stem.id,
      url: stem.url,
      mix: {
        ...DEFAULT_MIX,
        volume: clamp(stem.volume ?? DEFAULT_MIX.volume, 0, 1),
        pan: clamp(stem.pan ?? DEFAULT_MIX.pan, -1, 1),
      },
      buffer: null,
      gain: null,
      panner: null,
      source: null,
    }));
    this.snapshot = {
      status: 'loading',
      error: null,
      playing: false,
      position: 0,
      duration: 0,
      mix: this.mixRecord(),
    };
  }

  getSnapshot = (): EngineSnapshot => this.snapshot;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Fetches and decodes every stem and builds the graph. */
  async load(): Promise<void> {
    if (this.context) return;
    const context = this.options.createContext();
    this.context = context;
    this.master = context.createGain();
    this.master.connect(context.destination);
    try {
      const buffers = await Promise.all(
        this.channels.map(async (channel) => {
          const data = await this.options.fetchStem(channel.url, this.aborter.signal);
          return context.decodeAudioData(data);
        }),
      );
      if (this.snapshot.status === 'disposed') return;
      this.channels.forEach((channel, index) => {
        channel.buffer = buffers[index] ?? null;
        channel.gain = context.createGain();
        channel.panner = context.createStereoPanner();
        channel.gain.gain.value = this.targetGain(channel.id);
        channel.panner.pan.value = channel.mix.pan;
        channel.gain.connect(channel.panner);
        if (this.master) channel.panner.connect(this.master);
      });
      const duration = Math.max(0, ...buffers.map((buffer) => buffer.duration));
      this.publish({ status: 'ready', duration });
    } catch (error) {
      if (this.snapshot.status === 'disposed') return;
      const message = error instanceof Error ? error.message : String(error);
      this.publish({ status: 'error', error: `Could not load the audio: ${message}` });
    }
  }

  get position(): number {
    if (!this.snapshot.playing || !this.context) return this.offset;
    return clamp(this.context.currentTime - this.startedAt, 0, this.snapshot.duration);
  }

  async play(): Promise<void> {
    const context = this.context;
    if (!context || this.snapshot.status !== 'ready' || this.snapshot.playing) return;
    if (this.offset >= this.snapshot.duration) this.offset = 0;
    // Browsers start contexts suspended until a user gesture; play() is called from one.
    if (context.state === 'suspended') await context.resume();
    if (this.snapshot.status !== 'ready' || this.snapshot.playing) return;
    this.startSources(this.offset);
    this.timer = setInterval(this.tick, this.options.tickMs);
    this.publish({ playing: true, position: this.offset });
  }

  pause(): void {
    if (!this.snapshot.playing) return;
    this.offset = this.position;
    this.stopSources();
    this.clearTimer();
    this.publish({ playing: false, position: this.offset });
  }

  seek(seconds: number): void {
    const target = clamp(seconds, 0, this.snapshot.duration);
    if (this.snapshot.playing) {
      this.stopSources();
      this.startSources(target);
    } else {
      this.offset = target;
    }
    this.publish({ position: target });
  }

  setMuted(id: string, muted: boolean): void {
    this.updateMix(id, { muted });
  }

  setSoloed(id: string, soloed: boolean): void {
    this.updateMix(id, { soloed });
  }

  setVolume(id: string, volume: number): void {
    this.updateMix(id, { volume: clamp(volume, 0, 1) });
  }

  setPan(id: string, pan: number): void {
    const channel = this.channel(id);
    if (!channel) return;
    channel.mix = { ...channel.mix, pan: clamp(pan, -1, 1) };
    if (channel.panner && this.context) {
      this.ramp(channel.panner.pan, channel.mix.pan);
    }
    this.publish({ mix: this.mixRecord() });
  }

  /** The gain a channel is heading to: 0 when muted or when another channel is soloed. */
  targetGain(id: string): number {
    const channel = this.channel(id);
    if (!channel) return 0;
    const anySolo = this.channels.some((other) => other.mix.soloed);
    const audible = !channel.mix.muted && (!anySolo || channel.mix.soloed);
    return audible ? channel.mix.volume : 0;
  }

  dispose(): void {
    if (this.snapshot.status === 'disposed') return;
    this.aborter.abort();
    this.clearTimer();
    this.stopSources();
    for (const channel of this.channels) {
      channel.gain?.disconnect();
      channel.panner?.disconnect();
      channel.gain = null;
      channel.panner = null;
      channel.buffer = null;
    }
    this.master?.disconnect();
    this.master = null;
    const context = this.context;
    this.context = null;
    if (context && context.state !== 'closed') void context.close().catch(() => undefined);
    this.publish({ status: 'disposed', playing: false });
    this.listeners.clear();
  }

  private tick = (): void => {
    const position = this.position;
    if (position >= this.snapshot.duration) {
      this.stopSources();
      this.clearTimer();
      this.offset = 0;
      this.publish({ playing: false, position: 0 });
      return;
    }
    this.publish({ position });
  };

  private startSources(offset: number): void {
    const context = this.context;
    if (!context) return;
    const when = context.currentTime + START_DELAY_SECONDS;
    for (const channel of this.channels) {
      if (!channel.buffer || !channel.gain) continue;
      const source = context.createBufferSource();
      source.buffer = channel.buffer;
      source.connect(channel.gain);
      // A stem shorter than the offset simply stays silent.
      if (offset < channel.buffer.duration) source.start(when, offset);
      channel.source = source;
    }
    this.startedAt = when - offset;
  }

  private stopSources(): void {
    for (const channel of this.channels) {
      const source = channel.source;
      if (!source) continue;
      try {
        source.stop();
      } catch {
        // Never started (offset past its end): nothing to stop.
      }
      source.disconnect();
      channel.source = null;
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private updateMix(id: string, change: Partial<ChannelMix>): void {
    const channel = this.channel(id);
    if (!channel) return;
    channel.mix = { ...channel.mix, ...change };
    // Solo changes what every other channel should hear, so retarget them all.
    for (const each of this.channels) {
      if (each.gain) this.ramp(each.gain.gain, this.targetGain(each.id));
    }
    this.publish({ mix: this.mixRecord() });
  }

  private ramp(param: AudioParam, target: number): void {
    if (!this.context) return;
    const now = this.context.currentTime;
    param.cancelScheduledValues(now);
    param.setValueAtTime(param.value, now);
    param.linearRampToValueAtTime(target, now + this.options.rampSeconds);
  }

  private channel(id: string): Channel | undefined {
    return this.channels.find((channel) => channel.id === id);
  }

  private mixRecord(): Record<string, ChannelMix> {
    return Object.fromEntries(this.channels.map((channel) => [channel.id, channel.mix]));
  }

  private publish(change: Partial<EngineSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener(this.snapshot);
  }
}
