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
