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

// Editor. Edit ops and effects are the engine's pydantic models, generated into the schema as unions on `type`.
export type Effect = Schemas['Effect'];
export type EffectType = Effect['type'];
export type EffectChain = Schemas['EffectChain'];
export type EqBand = Schemas['EqBand'];
/** What the editor offers: presets, each effect's controls (bounds, defaults, steps) and the ops' bounds. */
export type EditCatalogue = Schemas['EditCatalogue'];
export type EffectControls = Schemas['_EffectControls'];
export type Control = Schemas['_Control'];
export type Limit = Schemas['_Limit'];
export type EditOp = Schemas['EditOpRequest'];
export type EditOpType = EditOp['type'];
/** The edit op of one type, e.g. EditOpOf<'set_key'>. */
export type EditOpOf<T extends EditOpType> = Extract<EditOp, { type: T }>;

export type EditorSection = Schemas['_EditorSection'];
/** A note: [start_beat, duration_beats, pitch, velocity]. */
export type Note = [number, number, number, number];
export type EditorTrack = Omit<Schemas['_EditorTrack'], 'notes'> & { notes: Note[] };
export type Edit = Schemas['_Edit'];
export type Version = Schemas['_Version'];
export type RenderStatus = Schemas['_RenderStatus'];
/** What every editor endpoint answers: the state, and the render job a change started (if any). */
export type EditorChange = Omit<Schemas['EditorChange'], 'tracks' | 'job'> & { tracks: EditorTrack[]; job: Job | null };
export type EditorState = Omit<EditorChange, 'job'>;
export type VersionDiff = Schemas['VersionDiff'];

export type ExportFormat = Schemas['ExportFormatEnum'];
export type SongExport = Schemas['ExportOutput'];
export interface ExportCreated {
  export: SongExport;
  job: Job;
}

/** An uploaded recording: what ingest measured (duration, loudness, tempo, key) and its waveform. */
export type Upload = Omit<Schemas['UploadOutput'], 'peaks'> & { peaks: number[] };
