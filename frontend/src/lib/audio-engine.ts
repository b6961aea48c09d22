/**
 * Plays a song's stems in sync on one AudioContext clock.
 *
 * Graph: per stem `AudioBufferSource → Gain (crossfade) → Gain (mute/solo/volume) → StereoPanner
 * → master Gain → destination`, with an `Analyser` tapped after the panner for the level meter.
 * Sources are one-shot, so play/seek make new ones; mixer changes only move gains with a short
 * ramp and never restart playback. A loop region loops every source (`loop`/`loopStart`/
 * `loopEnd`). `replaceStems()` decodes changed stems and crossfades them in at the current
 * position on the same clock, so a new server render lands without a gap. `dispose()` stops and
 * disconnects every node, clears the clock timer, aborts pending fetches and closes the context.
 */

export interface StemSource {
  id: string;
  url: string;
  /** Starting fader (linear) and pan, as the server's mix sets them. */
  volume?: number;
  pan?: number;
  muted?: boolean;
  soloed?: boolean;
  /** dB the stem file was attenuated by on the server; played back with the opposite gain. */
  fileGainDb?: number;
}

export interface ChannelMix {
  muted: boolean;
  soloed: boolean;
  /** Linear gain, 0..MAX_VOLUME. */
  volume: number;
  /** -1 (left) .. 1 (right). */
  pan: number;
}

export interface LoopRegion {
  /** Seconds from the start of the song; `end` is exclusive. */
  start: number;
  end: number;
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
  loop: LoopRegion | null;
  mix: Readonly<Record<string, ChannelMix>>;
}

export interface AudioEngineOptions {
  createContext?: () => AudioContext;
  fetchStem?: (url: string, signal: AbortSignal) => Promise<ArrayBuffer>;
  /** How often the position is published while playing, in ms. */
  tickMs?: number;
  /** Length of the gain ramp that keeps mute/solo/volume changes click-free, in seconds. */
  rampSeconds?: number;
  /** Length of the crossfade when a stem is swapped for a new render, in seconds. */
  crossfadeSeconds?: number;
}

export interface ReplaceOptions {
  /**
   * New seconds per old second (old tempo / new tempo), so playback continues at the same
   * place in the music after a tempo change.
   */
  timeScale?: number;
}

interface Voice {
  source: AudioBufferSourceNode;
  fade: GainNode;
}

interface Channel {
  id: string;
  url: string;
  mix: ChannelMix;
  /** Linear compensation for the server's file gain. */
  trim: number;
  buffer: AudioBuffer | null;
  gain: GainNode | null;
  panner: StereoPannerNode | null;
  analyser: AnalyserNode | null;
  voice: Voice | null;
}

type Listener = (snapshot: EngineSnapshot) => void;

export const MAX_VOLUME = 4; // +12 dB
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

export function dbToLinear(db: number): number {
  return Number.isFinite(db) ? Math.pow(10, db / 20) : 0;
}

export function linearToDb(value: number): number {
  return value > 0 ? 20 * Math.log10(value) : -Infinity;
}

function trimOf(stem: StemSource): number {
  const db = stem.fileGainDb ?? 0;
  return Number.isFinite(db) ? dbToLinear(-db) : 1;
}

export class AudioEngine {
  private readonly options: Required<AudioEngineOptions>;
  private channels: Channel[];
  private readonly listeners = new Set<Listener>();
  private readonly aborter = new AbortController();
  private context: AudioContext | null = null;
  private master: GainNode | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Voices fading out after a swap, stopped and disconnected by their `ended` event or dispose. */
  private readonly retiring = new Set<Voice>();
  /** Context time at which position 0 would have played; valid while playing. */
  private startedAt = 0;
  /** Position while paused. */
  private offset = 0;
  /** Only the latest replaceStems() call may apply its buffers. */
  private swapToken = 0;
  private meterData: Float32Array<ArrayBuffer> | null = null;
  private snapshot: EngineSnapshot;

  constructor(stems: StemSource[], options: AudioEngineOptions = {}) {
    this.options = {
      createContext: options.createContext ?? (() => new AudioContext()),
      fetchStem: options.fetchStem ?? fetchArrayBuffer,
      tickMs: options.tickMs ?? 50,
      rampSeconds: options.rampSeconds ?? 0.02,
      crossfadeSeconds: options.crossfadeSeconds ?? 0.03,
    };
    this.channels = stems.map((stem) => this.newChannel(stem));
    this.snapshot = {
      status: 'loading',
      error: null,
      playing: false,
      position: 0,
      duration: 0,
      loop: null,
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
      const buffers = await Promise.all(this.channels.map((channel) => this.decode(channel.url)));
      if (this.snapshot.status === 'disposed') return;
      this.channels.forEach((channel, index) => {
        channel.buffer = buffers[index] ?? null;
        this.connectChannel(channel);
      });
      this.publish({ status: 'ready', duration: this.longest() });
    } catch (error) {
      if (this.snapshot.status === 'disposed') return;
      const message = error instanceof Error ? error.message : String(error);
      this.publish({ status: 'error', error: `Could not load the audio: ${message}` });
    }
  }

  get position(): number {
    if (!this.snapshot.playing || !this.context) return this.offset;
    return this.positionAt(this.context.currentTime);
  }

  async play(): Promise<void> {
    const context = this.context;
    if (!context || this.snapshot.status !== 'ready' || this.snapshot.playing) return;
    if (this.offset >= this.snapshot.duration) this.offset = this.snapshot.loop?.start ?? 0;
    // Browsers start contexts suspended until a user gesture; play() is called from one.
    if (context.state === 'suspended') await context.resume();
    if (this.snapshot.status !== 'ready' || this.snapshot.playing) return;
    this.startAll(this.offset, false);
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
    const target = this.intoLoop(clamp(seconds, 0, this.snapshot.duration));
    if (this.snapshot.playing) {
      this.stopSources();
      this.startAll(target, false);
    } else {
      this.offset = target;
    }
    this.publish({ position: target });
  }

  /** Loops playback between two positions (seconds), or plays straight through with `null`. */
  setLoop(region: LoopRegion | null): void {
    const loop = this.normaliseLoop(region);
    const current = this.snapshot.loop;
    if (current?.start === loop?.start && current?.end === loop?.end) return;
    const context = this.context;
    if (this.snapshot.playing && context) {
      // Sources take their loop points when started: crossfade to new ones at the same place.
      const when = context.currentTime + START_DELAY_SECONDS;
      const position = this.positionAt(when);
      this.publish({ loop });
      this.startAll(this.intoLoop(position), true, when);
      this.publish({ position: this.position });
      return;
    }
    this.publish({ loop });
    this.offset = this.intoLoop(this.offset);
    this.publish({ position: this.offset });
  }

  setMuted(id: string, muted: boolean): void {
    this.updateMix(id, { muted });
  }

  setSoloed(id: string, soloed: boolean): void {
    this.updateMix(id, { soloed });
  }

  setVolume(id: string, volume: number): void {
    this.updateMix(id, { volume: clamp(volume, 0, MAX_VOLUME) });
  }

  setPan(id: string, pan: number): void {
    const channel = this.channel(id);
    if (!channel) return;
    channel.mix = { ...channel.mix, pan: clamp(pan, -1, 1) };
    if (channel.panner) this.ramp(channel.panner.pan, channel.mix.pan);
    this.publish({ mix: this.mixRecord() });
  }

  /** Sets several mix values of one channel at once (the server's state after a load). */
  setMix(id: string, change: Partial<ChannelMix>): void {
    const { pan, ...rest } = change;
    if (pan !== undefined) this.setPan(id, pan);
    if (rest.volume !== undefined) rest.volume = clamp(rest.volume, 0, MAX_VOLUME);
    this.updateMix(id, rest);
  }

  /** The gain a channel is heading to: 0 when muted or when another channel is soloed. */
  targetGain(id: string): number {
    const channel = this.channel(id);
    if (!channel) return 0;
    const anySolo = this.channels.some((other) => other.mix.soloed);
    const audible = !channel.mix.muted && (!anySolo || channel.mix.soloed);
    return audible ? channel.mix.volume * channel.trim : 0;
  }

  /** Peak level (linear, 0..1+) of each channel's output right now, for the meters. */
  levels(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const channel of this.channels) {
      const analyser = channel.analyser;
      if (!analyser || !this.snapshot.playing) {
        out[channel.id] = 0;
        continue;
      }
      if (!this.meterData || this.meterData.length !== analyser.fftSize) {
        this.meterData = new Float32Array(analyser.fftSize);
      }
      analyser.getFloatTimeDomainData(this.meterData);
      let peak = 0;
      for (const sample of this.meterData) peak = Math.max(peak, Math.abs(sample));
      out[channel.id] = peak;
    }
    return out;
  }

  /**
   * Swaps in a new set of stems (a new server render). Changed and new stems are fetched and
   * decoded first; then, on the same clock, they start at the current position while the old
   * ones fade out, so playback never stops. Unchanged stems keep playing untouched.
   */
  async replaceStems(stems: StemSource[], { timeScale = 1 }: ReplaceOptions = {}): Promise<void> {
    const context = this.context;
    if (!context || this.snapshot.status !== 'ready') return;
    const token = ++this.swapToken;
    const changed = stems.filter((stem) => this.channel(stem.id)?.url !== stem.url);
    let buffers: AudioBuffer[];
    try {
      buffers = await Promise.all(changed.map((stem) => this.decode(stem.url)));
    } catch (error) {
      if (this.snapshot.status !== 'ready' || token !== this.swapToken) return;
      const message = error instanceof Error ? error.message : String(error);
      this.publish({ error: `Could not load the new render: ${message}` });
      return;
    }
    if (this.snapshot.status !== 'ready' || token !== this.swapToken) return;

    const playing = this.snapshot.playing;
    const when = context.currentTime + START_DELAY_SECONDS;
    const oldPosition = playing ? this.positionAt(when) : this.offset;
    const rescale = Math.abs(timeScale - 1) > 1e-9;
    const decoded = new Map(changed.map((stem, index) => [stem.id, buffers[index] ?? null]));

    const kept = new Set(stems.map((stem) => stem.id));
    for (const channel of this.channels) {
      if (!kept.has(channel.id)) this.removeChannel(channel, when);
    }
    this.channels = stems.map((stem) => {
      const existing = this.channel(stem.id);
      const channel = existing ?? this.newChannel(stem);
      channel.trim = trimOf(stem);
      if (decoded.has(stem.id)) {
        channel.url = stem.url;
        channel.buffer = decoded.get(stem.id) ?? null;
      }
      if (!existing) this.connectChannel(channel);
      return channel;
    });
    for (const channel of this.channels) {
      if (channel.gain) this.ramp(channel.gain.gain, this.targetGain(channel.id));
    }

    const duration = this.longest();
    const loop = this.snapshot.loop
      ? this.normaliseLoop({
          start: this.snapshot.loop.start * timeScale,
          end: this.snapshot.loop.end * timeScale,
        })
      : null;
    this.publish({ duration, loop, mix: this.mixRecord() });
    const position = this.intoLoop(clamp(oldPosition * timeScale, 0, duration));

    if (!playing) {
      this.offset = position;
      this.publish({ position });
      return;
    }
    if (rescale) {
      this.startAll(position, true, when);
      return;
    }
    for (const channel of this.channels) {
      if (decoded.has(channel.id) || !channel.voice) this.startVoice(channel, when, position, true);
    }
  }

  dispose(): void {
    if (this.snapshot.status === 'disposed') return;
    this.swapToken += 1;
    this.aborter.abort();
    this.clearTimer();
    this.stopSources();
    for (const voice of this.retiring) this.stopVoice(voice);
    this.retiring.clear();
    for (const channel of this.channels) this.disconnectChannel(channel);
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
    if (!this.snapshot.loop && position >= this.snapshot.duration) {
      this.stopSources();
      this.clearTimer();
      this.offset = 0;
      this.publish({ playing: false, position: 0 });
      return;
    }
    this.publish({ position });
  };

  private positionAt(time: number): number {
    const raw = time - this.startedAt;
    const loop = this.snapshot.loop;
    if (loop && raw >= loop.end) {
      const length = loop.end - loop.start;
      return loop.start + ((raw - loop.start) % length);
    }
    return clamp(raw, 0, this.snapshot.duration);
  }

  /** A position past the loop's end jumps to its start, as a looping source would. */
  private intoLoop(position: number): number {
    const loop = this.snapshot.loop;
    return loop && position >= loop.end ? loop.start : position;
  }

  private normaliseLoop(region: LoopRegion | null): LoopRegion | null {
    if (!region) return null;
    const duration = this.snapshot.duration;
    const start = clamp(region.start, 0, duration);
    const end = clamp(region.end, 0, duration);
    return end - start > 0.01 ? { start, end } : null;
  }

  private startAll(offset: number, crossfade: boolean, at?: number): void {
    const context = this.context;
    if (!context) return;
    const when = at ?? context.currentTime + START_DELAY_SECONDS;
    for (const channel of this.channels) this.startVoice(channel, when, offset, crossfade);
    this.startedAt = when - offset;
  }

  private startVoice(channel: Channel, when: number, offset: number, crossfade: boolean): void {
    const context = this.context;
    if (!context || !channel.gain) return;
    const old = channel.voice;
    channel.voice = null;
    if (old) {
      if (crossfade) this.retire(old, when);
      else this.stopVoice(old);
    }
    if (!channel.buffer) return;
    const source = context.createBufferSource();
    const fade = context.createGain();
    source.buffer = channel.buffer;
    const loop = this.snapshot.loop;
    if (loop) {
      source.loop = true;
      source.loopStart = loop.start;
      source.loopEnd = Math.min(loop.end, channel.buffer.duration);
    }
    source.connect(fade);
    fade.connect(channel.gain);
    if (crossfade && old) {
      fade.gain.setValueAtTime(0, when);
      fade.gain.linearRampToValueAtTime(1, when + this.options.crossfadeSeconds);
    }
    // A stem shorter than the offset simply stays silent.
    if (offset < channel.buffer.duration) source.start(when, offset);
    channel.voice = { source, fade };
  }

  /** Fades a voice out from `when` and stops it at the end of the fade. */
  private retire(voice: Voice, when: number): void {
    const end = when + this.options.crossfadeSeconds;
    voice.fade.gain.setValueAtTime(1, when);
    voice.fade.gain.linearRampToValueAtTime(0, end);
    this.retiring.add(voice);
    voice.source.onended = () => {
      this.retiring.delete(voice);
      voice.source.onended = null;
      voice.source.disconnect();
      voice.fade.disconnect();
    };
    try {
      voice.source.stop(end);
    } catch {
      // Never started (offset past its end): the `ended` event will not come.
      this.retiring.delete(voice);
      voice.source.disconnect();
      voice.fade.disconnect();
    }
  }

  private stopVoice(voice: Voice): void {
    voice.source.onended = null;
    try {
      voice.source.stop();
    } catch {
      // Never started (offset past its end): nothing to stop.
    }
    voice.source.disconnect();
    voice.fade.disconnect();
  }

  private stopSources(): void {
    for (const channel of this.channels) {
      if (channel.voice) this.stopVoice(channel.voice);
      channel.voice = null;
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private newChannel(stem: StemSource): Channel {
    return {
      id: stem.id,
      url: stem.url,
      mix: {
        muted: stem.muted ?? DEFAULT_MIX.muted,
        soloed: stem.soloed ?? DEFAULT_MIX.soloed,
        volume: clamp(stem.volume ?? DEFAULT_MIX.volume, 0, MAX_VOLUME),
        pan: clamp(stem.pan ?? DEFAULT_MIX.pan, -1, 1),
      },
      trim: trimOf(stem),
      buffer: null,
      gain: null,
      panner: null,
      analyser: null,
      voice: null,
    };
  }

  private connectChannel(channel: Channel): void {
    const context = this.context;
    if (!context) return;
    channel.gain = context.createGain();
    channel.panner = context.createStereoPanner();
    channel.analyser = context.createAnalyser();
    channel.analyser.fftSize = 1024;
    channel.gain.gain.value = this.targetGain(channel.id);
    channel.panner.pan.value = channel.mix.pan;
    channel.gain.connect(channel.panner);
    channel.panner.connect(channel.analyser);
    if (this.master) channel.panner.connect(this.master);
  }

  private disconnectChannel(channel: Channel): void {
    if (channel.voice) this.stopVoice(channel.voice);
    channel.voice = null;
    channel.gain?.disconnect();
    channel.panner?.disconnect();
    channel.analyser?.disconnect();
    channel.gain = null;
    channel.panner = null;
    channel.analyser = null;
    channel.buffer = null;
  }

  private removeChannel(channel: Channel, when: number): void {
    if (channel.voice && this.snapshot.playing) {
      // Let the removed track fade out rather than click, then drop its nodes.
      const voice = channel.voice;
      channel.voice = null;
      this.retire(voice, when);
    }
    this.disconnectChannel(channel);
  }

  private async decode(url: string): Promise<AudioBuffer> {
    const context = this.context;
    if (!context) throw new Error('The audio engine is not loaded.');
    const data = await this.options.fetchStem(url, this.aborter.signal);
    return context.decodeAudioData(data);
  }

  private longest(): number {
    return Math.max(0, ...this.channels.map((channel) => channel.buffer?.duration ?? 0));
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
