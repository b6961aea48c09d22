import { useEffect, useMemo, useRef, useState } from 'react';
import { apiUrl } from '@/lib/api-client';
import { AudioEngine, dbToLinear, type StemSource } from '@/lib/audio-engine';
import type { EditorState } from '@/lib/api-types';
import { exposeEngine, useEngineSnapshot } from '@/lib/use-audio-engine';

function stemsOf(state: EditorState): StemSource[] {
  return state.tracks.flatMap((track) =>
    track.stem_url
      ? [
          {
            id: track.id,
            url: apiUrl(track.stem_url),
            volume: dbToLinear(track.gain_db),
            pan: track.pan,
            muted: track.mute,
            soloed: track.solo,
            fileGainDb: track.stem_gain_db,
          },
        ]
      : [],
  );
}

const stemKey = (stems: StemSource[]) => stems.map((stem) => `${stem.id}=${stem.url}`).join('|');

/**
 * One engine per song. The server's mix settings are applied as they arrive; when a render of a
 * new state lands (new stem URLs), the changed stems are swapped in without stopping playback.
 * Returns the tempo of the audio actually loaded, which lags the state's while a render runs.
 */
export function useEditorEngine(songId: string, state: EditorState | undefined) {
  const [engine, setEngine] = useState<AudioEngine | null>(null);
  const [audioTempo, setAudioTempo] = useState<number | null>(null);
  const stems = useMemo(() => (state ? stemsOf(state) : null), [state]);
  const key = stems ? stemKey(stems) : null;
  const settled = state !== undefined && state.render.status !== 'rendering';
  const latest = useRef({ stems, tempo: state?.tempo ?? null });
  const loaded = useRef<{ key: string; tempo: number } | null>(null);
  const hasState = state !== undefined;

  useEffect(() => {
    latest.current = { stems, tempo: state?.tempo ?? null };
  });

  useEffect(() => {
    const { stems: initial, tempo } = latest.current;
    if (!hasState || !initial || tempo === null) return undefined;
    const created = new AudioEngine(initial);
    loaded.current = { key: stemKey(initial), tempo };
    setEngine(created);
    setAudioTempo(tempo);
    void created.load();
    const withdraw = exposeEngine(created);
    return () => {
      withdraw();
      created.dispose();
      loaded.current = null;
      setEngine(null);
    };
  }, [songId, hasState]);

  useEffect(() => {
    const { stems: next, tempo } = latest.current;
    const current = loaded.current;
    if (!engine || !settled || !next || tempo === null || !current || current.key === key) return;
    loaded.current = { key: key ?? '', tempo };
    void engine.replaceStems(next, { timeScale: current.tempo / tempo }).then(() => setAudioTempo(tempo));
  }, [engine, key, settled]);

  const tracks = state?.tracks;
  useEffect(() => {
    if (!engine || !tracks) return;
    for (const track of tracks) {
      engine.setMix(track.id, {
        volume: dbToLinear(track.gain_db),
        pan: track.pan,
        muted: track.mute,
        soloed: track.solo,
      });
    }
  }, [engine, tracks]);

  return { engine, snapshot: useEngineSnapshot(engine), audioTempo };
}
