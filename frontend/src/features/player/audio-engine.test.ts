import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeAudioContext, type FakeGainNode } from '@/testing/fake-audio-context';
import { AudioEngine } from './audio-engine';

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

  it('ramps volume changes and clamps them to 0..1', async () => {
    const { engine, channelGain } = await loadedEngine();
    engine.setVolume('piano', 0.3);
    expect(channelGain(0).gain.events.at(-1)).toMatchObject({ type: 'ramp', value: 0.3 });
    engine.setVolume('piano', 7);
    expect(engine.targetGain('piano')).toBe(1);
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
});
