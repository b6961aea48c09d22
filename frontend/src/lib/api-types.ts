// The API contract (backend `songs` and `jobs` apps). Once `npm run gen:api`
// has produced `api-schema.d.ts` from the OpenAPI schema, these names stay the
// front end's vocabulary; only their definitions move to the generated types.

export interface Choice {
  value: string;
  label: string;
}

export interface InstrumentOption {
  slug: string;
  name: string;
  family: string;
  default_role: string;
  is_drum_kit: boolean;
}

export interface InstrumentPart {
  instrument: string;
  role: string;
}

export interface Range {
  min: number;
  max: number;
}

export interface GenreDefaults {
  tempo: number;
  mode: string;
  instruments: InstrumentPart[];
}

export interface SongSpecDefaults {
  genre: string;
  mood: string;
  tempo: number;
  key: string;
  mode: string;
  instruments: InstrumentPart[];
  length_seconds: number;
}

export interface Options {
  genres: Choice[];
  moods: Choice[];
  keys: string[];
  modes: Choice[];
  roles: Choice[];
  instruments: InstrumentOption[];
  tempo: Range & { default: number };
  length_seconds: Range & { default: number };
  length_bars: Range;
  max_instruments: number;
  genre_defaults: Record<string, GenreDefaults>;
  default_spec: SongSpecDefaults;
}

export interface SongCreateInput {
  title?: string;
  genre: string;
  mood: string;
  tempo: number;
  key: string;
  mode: string;
  instruments: { instrument: string; role?: string }[];
  length_seconds?: number;
  length_bars?: number;
  seed?: number;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: number;
  stage: string;
  error: string | null;
  song_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface Section {
  name: string;
  start_bar: number;
  bars: number;
}

export interface Track {
  id: string;
  index: number;
  name: string;
  instrument: string;
  instrument_name: string;
  role: string;
  is_drums: boolean;
  stem_url: string | null;
  peaks: number[];
}

export interface SongDownloads {
  mp3: string | null;
  wav: string | null;
  wav24: string | null;
  midi: string | null;
}

export interface Song {
  id: string;
  title: string;
  status: 'pending' | 'ready' | 'failed';
  genre: string;
  mood: string;
  tempo: number;
  key: string;
  mode: string;
  seed: number;
  bars: number;
  duration_seconds: number;
  sections: Section[];
  tracks: Track[];
  mix_url: string | null;
  downloads: SongDownloads;
  loudness_lufs: number | null;
  true_peak_dbtp: number | null;
  created_at: string;
}

export interface SongCreated {
  song: Song;
  job: Job;
}
