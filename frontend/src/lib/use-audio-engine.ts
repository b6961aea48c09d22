import { useEffect, useState, useSyncExternalStore } from 'react';
import { AudioEngine, type EngineSnapshot, type StemSource } from './audio-engine';

/** What end-to-end tests may read of the live player (`window.__player`). */
export interface PlayerProbe {
  snapshot: () => EngineSnapshot;
  targetGain: (trackId: string) => number;
}

declare global {
  interface Window {
    __player?: PlayerProbe;
  }
}

const IDLE: EngineSnapshot = {
  status: 'loading',
  error: null,
  playing: false,
  position: 0,
  duration: 0,
  loop: null,
  mix: {},
};

const noopSubscribe = () => () => undefined;
const idleSnapshot = () => IDLE;

/** Publishes an engine as `window.__player`; returns the function that withdraws it. */
export function exposeEngine(engine: AudioEngine): () => void {
  const probe: PlayerProbe = {
    snapshot: engine.getSnapshot,
    targetGain: (trackId) => engine.targetGain(trackId),
  };
  window.__player = probe;
  return () => {
    if (window.__player === probe) delete window.__player;
  };
}

/** The engine's latest snapshot, re-rendering on every change. */
export function useEngineSnapshot(engine: AudioEngine | null): EngineSnapshot {
  return useSyncExternalStore(
    engine ? engine.subscribe : noopSubscribe,
    engine ? engine.getSnapshot : idleSnapshot,
  );
}

/** One engine per list of stems; disposed when the stems change or the player unmounts. */
export function useAudioEngine(stems: StemSource[]): {
  engine: AudioEngine | null;
  snapshot: EngineSnapshot;
} {
  const [engine, setEngine] = useState<AudioEngine | null>(null);

  useEffect(() => {
    const created = new AudioEngine(stems);
    setEngine(created);
    void created.load();
    const withdraw = exposeEngine(created);
    return () => {
      withdraw();
      created.dispose();
      setEngine(null);
    };
  }, [stems]);

  return { engine, snapshot: useEngineSnapshot(engine) };
}
