import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeAudioContext, type FakeGainNode } from '@/testing/fake-audio-context';
import { AudioEngine, dbToLinear } from './audio-engine';

const STEMS = [
  { id: 'piano', url: '/stems/piano.flac' },
  { id: 'bass', url: '/stems/bass.flac' },
  { id: 'drums', url: '/stems/drums.flac' },
];

async function loadedEngine() {
  const context = new FakeAudioContext();
  context.durations = [10, 12, 11];
  const engine = new AudioEngine(STEMS, {
    createContext: () => context.asAudioContext(),
    fetchStem: () => Promise.resolve(new ArrayBuffer(4)),
    rampSeconds: 0.02,
  });
  await engine.load();
  // gains()[0] is the master; channel gains follow in stem order.
  const channelGain = (index: number) => context.gains()[index + 1] as FakeGainNode;
  return { context, engine, channelGain };
}

describe('AudioEngine', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('decodes every stem and reports the longest as the duration', async () => {
    const { engine } = await loadedEngine();
    expect(engine.getSnapshot()).toMatchObject({ status: 'ready', duration: 12, playing: false });
  });

  it('starts all stems together on one clock at the current offset', async () => {
    const { context, engine } = await loadedEngine();
    context.currentTime = 3;
    engine.seek(4);
    await engine.play();
    const starts = context.sources().map((source) => source.started);
    expect(starts).toHaveLength(3);
    expect(new Set(starts.map((start) => start?.when)).size).toBe(1);
    expect(starts.every((start) => start?.offset === 4)).toBe(true);
    expect(context.state).toBe('running');

    context.currentTime = 3 + 0.05 + 2;
    vi.advanceTimersByTime(60);
    expect(engine.getSnapshot().position).toBeCloseTo(6, 5);
  });

  it('ramps the track gain to 0 on mute and back on unmute, without restarting sources', async () => {
    const { context, engine, channelGain } = await loadedEngine();
    await engine.play();
    const sourcesBefore = context.sources().length;
    context.currentTime = 1;

    engine.setMuted('bass', true);
    const gain = channelGain(1).gain;
    expect(gain.events.at(-1)).toEqual({ type: 'ramp', value: 0, time: 1.02 });
    expect(engine.targetGain('bass')).toBe(0);
    expect(engine.targetGain('piano')).toBe(0.8);

    engine.setMuted('bass', false);
    expect(gain.events.at(-1)).toMatchObject({ type: 'ramp', value: 0.8 });
    expect(context.sources()).toHaveLength(sourcesBefore);
    expect(engine.getSnapshot().playing).toBe(true);
  });

  it('solo silences every other track; a muted soloed track stays silent', async () => {
    const { engine, channelGain } = await loadedEngine();
    engine.setSoloed('drums', true);
    expect([0, 1, 2].map((index) => channelGain(index).gain.value)).toEqual([0, 0, 0.8]);
    engine.setSoloed('piano', true);
    expect([0, 1, 2].map((index) => channelGain(index).gain.value)).toEqual([0.8, 0, 0.8]);
    engine.setMuted('piano', true);
    expect(engine.targetGain('piano')).toBe(0);
    expect(engine.getSnapshot().mix.piano).toMatchObject({ muted: true, soloed: true });
  });

  it("starts each track from the server mix's fader and pan", async () => {
    const context = new FakeAudioContext();
    context.durations = [10, 10];
    const engine = new AudioEngine(
      [
        { id: 'pad', url: '/pad.flac', volume: 0.5, pan: -0.25 },
        { id: 'lead', url: '/lead.flac' },
      ],
      { createContext: () => context.asAudioContext(), fetchStem: () => Promise.resolve(new ArrayBuffer(4)) },
    );
    await engine.load();
    expect(engine.getSnapshot().mix.pad).toMatchObject({ volume: 0.5, pan: -0.25 });
    expect(engine.getSnapshot().mix.lead).toMatchObject({ volume: 0.8, pan: 0 });
    expect((context.gains()[1] as FakeGainNode).gain.value).toBe(0.5);
  });

  it('ramps volume changes and clamps them to 0..+12 dB', async () => {
    const { engine, channelGain } = await loadedEngine();
    engine.setVolume('piano', 0.3);
    expect(channelGain(0).gain.events.at(-1)).toMatchObject({ type: 'ramp', value: 0.3 });
    engine.setVolume('piano', 7);
    engine.setVolume('piano', -1);
    expect(engine.targetGain('piano')).toBe(0);
    engine.setVolume('piano', 7);
    expect(engine.targetGain('piano')).toBe(4);
  });

  it('stops at the end and rewinds to 0', async () => {
    const { context, engine } = await loadedEngine();
    await engine.play();
    context.currentTime = 20;
    vi.advanceTimersByTime(60);
    expect(engine.getSnapshot()).toMatchObject({ playing: false, position: 0 });
    expect(context.sources().every((source) => source.stopped)).toBe(true);
  });

  it('dispose disconnects every node, stops the clock and closes the context', async () => {
    const { context, engine } = await loadedEngine();
    const listener = vi.fn();
    engine.subscribe(listener);
    await engine.play();
    engine.dispose();
    expect(context.nodes.filter((node) => node.kind !== 'destination').every((node) => node.disconnected)).toBe(
      true,
    );
    expect(context.sources().every((source) => source.stopped)).toBe(true);
    expect(context.state).toBe('closed');
    expect(vi.getTimerCount()).toBe(0);
    listener.mockClear();
    engine.setMuted('piano', true);
    expect(listener).not.toHaveBeenCalled();
  });

  it('reports a stem that cannot be loaded', async () => {
    const context = new FakeAudioContext();
    const engine = new AudioEngine(STEMS, {
      createContext: () => context.asAudioContext(),
      fetchStem: () => Promise.reject(new Error('404')),
    });
    await engine.load();
    expect(engine.getSnapshot()).toMatchObject({ status: 'error' });
    expect(engine.getSnapshot().error).toMatch(/404/);
  });

  it('applies the server mix on load: fader above 0 dB, mute, solo and the file gain compensation', async () => {
    const context = new FakeAudioContext();
    context.durations = [8, 8];
    const engine = new AudioEngine(
      [
        { id: 'a', url: '/a', volume: dbToLinear(6), fileGainDb: -6, soloed: true },
        { id: 'b', url: '/b', volume: 1, muted: true },
      ],
      { createContext: () => context.asAudioContext(), fetchStem: () => Promise.resolve(new ArrayBuffer(1)) },
    );
    await engine.load();
    expect(engine.targetGain('a')).toBeCloseTo(dbToLinear(12), 6);
    expect(engine.targetGain('b')).toBe(0);
    engine.setMix('b', { muted: false, soloed: true, volume: 0.5, pan: -0.5 });
    expect(engine.targetGain('b')).toBe(0.5);
    expect(engine.getSnapshot().mix.b).toEqual({ muted: false, soloed: true, volume: 0.5, pan: -0.5 });
  });

  it('loops the sources over the loop region and wraps the position', async () => {
    const { context, engine } = await loadedEngine();
    engine.setLoop({ start: 2, end: 4 });
    engine.seek(3);
    await engine.play();
    const source = context.sources().at(-1);
    expect(source).toMatchObject({ loop: true, loopStart: 2, loopEnd: 4, started: { when: 0.05, offset: 3 } });
    context.currentTime = 0.05 + 1.5; // raw 4.5 → 2.5 in the loop
    vi.advanceTimersByTime(60);
    expect(engine.getSnapshot().position).toBeCloseTo(2.5, 5);
    context.currentTime = 0.05 + 30;
    vi.advanceTimersByTime(60);
    expect(engine.getSnapshot().playing).toBe(true);
    expect(engine.getSnapshot().position).toBeGreaterThanOrEqual(2);
    expect(engine.getSnapshot().position).toBeLessThan(4);
  });

  it('setting a loop while playing restarts the sources at the same place with a crossfade', async () => {
    const { context, engine } = await loadedEngine();
    await engine.play();
    context.currentTime = 1.05; // position 1
    const before = context.sources();
    engine.setLoop({ start: 0, end: 2 });
    expect(before.every((source) => source.stoppedAt !== null && source.stoppedAt > 1.05)).toBe(true);
    const after = context.sources().slice(before.length);
    expect(after).toHaveLength(3);
    expect(after.every((source) => source.loop && Math.abs((source.started?.offset ?? 0) - 1.05) < 1e-9)).toBe(true);
    engine.setLoop(null);
    expect(context.sources().slice(-3).every((source) => !source.loop)).toBe(true);
  });

  it('swaps changed stems in on the same clock without stopping playback', async () => {
    const { context, engine } = await loadedEngine();
    await engine.play();
    context.currentTime = 2.05; // position 2
    const oldSources = context.sources();
    context.durations = [12];
    await engine.replaceStems([
      { id: 'piano', url: '/stems/piano.flac' },
      { id: 'bass', url: '/stems/bass-v2.flac' },
      { id: 'drums', url: '/stems/drums.flac' },
    ]);
    const fresh = context.sources().slice(oldSources.length);
    expect(fresh).toHaveLength(1);
    const when = 2.05 + 0.05;
    expect(fresh[0]?.started?.when).toBeCloseTo(when, 9);
    expect(fresh[0]?.started?.offset).toBeCloseTo(2.05, 9);
    // The new voice fades in while the old bass voice fades out and stops after the fade.
    expect(fresh[0]?.output()?.gain.events.map((event) => event.type)).toEqual(['set', 'ramp']);
    expect(oldSources[1]?.stoppedAt).toBeCloseTo(when + 0.03, 9);
    expect(oldSources[0]?.stopped).toBe(false);
    expect(oldSources[2]?.stopped).toBe(false);
    expect(engine.getSnapshot()).toMatchObject({ playing: true, duration: 12 });
    oldSources[1]?.onended?.();
    expect(oldSources[1]?.disconnected).toBe(true);
  });

  it('after a tempo change, rescales the position and restarts every stem there', async () => {
    const { context, engine } = await loadedEngine();
    await engine.play();
    context.currentTime = 3.05; // position 3
    const count = context.sources().length;
    context.durations = [12, 14.4, 13.2];
    await engine.replaceStems(
      STEMS.map((stem) => ({ ...stem, url: `${stem.url}?v2` })),
      { timeScale: 1.2 },
    );
    const fresh = context.sources().slice(count);
    expect(fresh).toHaveLength(3);
    for (const source of fresh) expect(source.started?.offset).toBeCloseTo((3 + 0.05) * 1.2, 9);
    expect(engine.getSnapshot().duration).toBeCloseTo(14.4, 9);
  });

  it('adds and removes channels when the track list changes', async () => {
    const { context, engine } = await loadedEngine();
    context.durations = [9];
    await engine.replaceStems([
      { id: 'piano', url: '/stems/piano.flac' },
      { id: 'flute', url: '/stems/flute.flac', volume: 0.5 },
    ]);
    expect(Object.keys(engine.getSnapshot().mix)).toEqual(['piano', 'flute']);
    expect(engine.targetGain('flute')).toBe(0.5);
    expect(engine.targetGain('bass')).toBe(0);
  });

  it('meters each channel from its analyser while playing', async () => {
    const { context, engine } = await loadedEngine();
    context.analysers().forEach((analyser, index) => {
      analyser.level = (index + 1) / 10;
    });
    expect(engine.levels()).toEqual({ piano: 0, bass: 0, drums: 0 });
    await engine.play();
    const levels = engine.levels();
    expect(levels.piano).toBeCloseTo(0.1, 6);
    expect(levels.drums).toBeCloseTo(0.3, 6);
  });
});
