// The front end's names for the API's shapes, taken from the types `npm run gen:api`
// generates from the OpenAPI schema (`api-schema.d.ts`), so a contract change breaks the build.
import type { components } from './api-schema';

type Schemas = components['schemas'];
/** Fields the server always sends but the schema marks optional because they have defaults. */
type WithRequired<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };

export type Choice = Schemas['_Choice'];
export type InstrumentOption = Schemas['_InstrumentOption'];
export type InstrumentPart = Schemas['_Part'];
export type Options = Schemas['OptionsOutput'];

export type SongCreateInput = Omit<Schemas['SongCreateInputRequest'], 'title'> & {
  title?: string;
};

export type Job = WithRequired<Schemas['JobOutput'], 'status' | 'progress' | 'stage'>;
export type JobStatus = Job['status'];

export type Section = Schemas['SectionOutput'];
export type Track = Schemas['TrackOutput'];
export type SongDownloads = Schemas['SongDownloads'];
export type Song = WithRequired<Schemas['SongOutput'], 'status'>;

export interface SongCreated {
  song: Song;
  job: Job;
}

export type PromptSpec = Schemas['PromptSpec'];
export type PromptDraft = Schemas['PromptDraft'];

// Editor. The schema types effect chains and edit params as free JSON; these name their shapes.
export interface Effect {
  type: string;
  [param: string]: unknown;
}
export interface EffectChain {
  effects: Effect[];
}
export interface EffectPreset {
  name: string;
  label: string;
  chain: EffectChain;
}
export interface EffectsCatalogue {
  presets: EffectPreset[];
  chain_schema: unknown;
}

export type EditorSection = Schemas['_EditorSection'];
/** A note: [start_beat, duration_beats, pitch, velocity]. */
export type Note = [number, number, number, number];
export type EditorTrack = Omit<Schemas['_EditorTrack'], 'chain' | 'notes'> & {
  chain: EffectChain;
  notes: Note[];
};
export type Edit = Schemas['_Edit'];
export type Version = Schemas['_Version'];
export type RenderStatus = Schemas['_RenderStatus'];
export type EditorState = Omit<Schemas['EditorState'], 'tracks' | 'master_chain'> & {
  tracks: EditorTrack[];
  master_chain: EffectChain;
};
/** What every mutating editor endpoint answers: the new state and the render job, if any. */
export type EditorChange = EditorState & { job: Job | null };
export type VersionDiff = Schemas['VersionDiff'];

export type ExportFormat = Schemas['FormatEnum'];
export type SongExport = Schemas['ExportOutput'];
export interface ExportCreated {
  export: SongExport;
  job: Job;
}

export type EditOp =
  | { type: 'set_tempo'; tempo: number }
  | { type: 'transpose'; semitones: number }
  | { type: 'set_key'; key: string; mode: string }
  | { type: 'track_gain'; track: string; gain_db: number }
  | { type: 'track_pan'; track: string; pan: number }
  | { type: 'track_mute'; track: string; mute: boolean }
  | { type: 'track_solo'; track: string; solo: boolean }
  | { type: 'track_effects'; track: string; chain: EffectChain }
  | { type: 'master_effects'; chain: EffectChain }
  | { type: 'loop_section'; start_bar: number; end_bar: number; times: number }
  | { type: 'trim'; start_bar: number; end_bar: number }
  | { type: 'cut'; start_bar: number; end_bar: number }
  | { type: 'add_instrument'; instrument: string; role?: string; seed: number }
  | { type: 'remove_track'; track: string }
  | { type: 'change_instrument'; track: string; instrument: string }
  | { type: 'regenerate'; track?: string; section_index?: number; seed: number }
  | { type: 'add_audio_track'; upload: string; offset_beats?: number; name?: string; source_tempo?: number };

/** An uploaded recording: what ingest measured (duration, loudness, tempo, key) and its waveform. */
export type Upload = Omit<Schemas['UploadOutput'], 'peaks'> & { peaks: number[] };
