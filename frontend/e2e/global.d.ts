// What the app exposes to end-to-end tests (see src/lib/use-audio-engine.ts).
interface Window {
  __player?: {
    snapshot: () => { position: number; playing: boolean; duration: number };
    targetGain: (trackId: string) => number;
  };
}
