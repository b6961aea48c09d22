import type { EditCatalogue, EditorState, EditorTrack, Job, Options, Song, Track, Upload } from '@/lib/api-types';

export const SONG_ID = '11111111-1111-4111-8111-111111111111';
export const JOB_ID = '22222222-2222-4222-8222-222222222222';

export const optionsFixture: Options = {
  genres: [
    { value: 'pop', label: 'Pop' },
    { value: 'rock', label: 'Rock' },
    { value: 'lofi', label: 'Lo-fi hip hop' },
  ],
  moods: [
    { value: 'happy', label: 'Happy' },
    { value: 'calm', label: 'Calm' },
    { value: 'dark', label: 'Dark' },
  ],
  keys: ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'],
  modes: [
    { value: 'major', label: 'Major' },
    { value: 'minor', label: 'Minor' },
  ],
  roles: [
    { value: 'melody', label: 'Melody' },
    { value: 'chords', label: 'Chords' },
    { value: 'bass', label: 'Bass' },
    { value: 'drums', label: 'Drums' },
  ],
  instruments: [
    { slug: 'piano', name: 'Acoustic Grand Piano', family: 'Piano', default_role: 'chords', is_drum_kit: false },
    { slug: 'electric_bass', name: 'Electric Bass (finger)', family: 'Bass', default_role: 'bass', is_drum_kit: false },
    { slug: 'flute', name: 'Flute', family: 'Pipe', default_role: 'melody', is_drum_kit: false },
    { slug: 'drums', name: 'Standard Drum Kit', family: 'Drums', default_role: 'drums', is_drum_kit: true },
  ],
  tempo: { min: 40, max: 240, default: 110 },
  length_seconds: { min: 8, max: 600, default: 60 },
  length_bars: { min: 2, max: 600 },
  max_instruments: 12,
  genre_defaults: {
    pop: {
      tempo: 110,
      mode: 'major',
      instruments: [
        { instrument: 'piano', role: 'chords' },
        { instrument: 'electric_bass', role: 'bass' },
        { instrument: 'drums', role: 'drums' },
      ],
    },
    rock: {
      tempo: 128,
      mode: 'minor',
      instruments: [
        { instrument: 'electric_bass', role: 'bass' },
        { instrument: 'drums', role: 'drums' },
      ],
    },
    lofi: {
      tempo: 80,
      mode: 'minor',
      instruments: [
        { instrument: 'piano', role: 'chords' },
        { instrument: 'drums', role: 'drums' },
      ],
    },
  },
  default_spec: {
    genre: 'pop',
    mood: 'happy',
    tempo: 110,
    key: 'C',
    mode: 'major',
    instruments: [
      { instrument: 'piano', role: 'chords' },
      { instrument: 'electric_bass', role: 'bass' },
      { instrument: 'drums', role: 'drums' },
    ],
    length_seconds: 60,
  },
};

export function jobFixture(overrides: Partial<Job> = {}): Job {
  return {
    id: JOB_ID,
    kind: 'generate',
    status: 'queued',
    progress: 0,
    stage: 'Queued',
    error: null,
    song_id: SONG_ID,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

function trackFixture(index: number, instrument: string, name: string, role: string): Track {
  return {
    id: `t${index + 1}`,
    index,
    name,
    instrument,
    instrument_name: name,
    role,
    is_drums: role === 'drums',
    stem_url: `/media/stems/${index}.flac`,
    stem_gain_db: 0,
    peaks: Array.from({ length: 16 }, (_, i) => ((i * 7 + index) % 10) / 10),
    gain_db: 0,
    pan: 0,
    mute: false,
    solo: false,
  };
}

export function songFixture(overrides: Partial<Song> = {}): Song {
  return {
    id: SONG_ID,
    title: 'Happy pop in C',
    status: 'ready',
    genre: 'pop',
    mood: 'happy',
    tempo: 110,
    key: 'C',
    mode: 'major',
    seed: 42,
    bars: 8,
    duration_seconds: 17.5,
    sections: [{ name: 'verse', start_bar: 0, bars: 8 }],
    tracks: [
      trackFixture(0, 'piano', 'Acoustic Grand Piano', 'chords'),
      trackFixture(1, 'electric_bass', 'Electric Bass (finger)', 'bass'),
      trackFixture(2, 'drums', 'Standard Drum Kit', 'drums'),
    ],
    mix_url: `/media/mix/${SONG_ID}.mp3`,
    downloads: {
      mp3: `/api/songs/${SONG_ID}/download?format=mp3`,
      wav: `/api/songs/${SONG_ID}/download?format=wav&bit_depth=16`,
      wav24: `/api/songs/${SONG_ID}/download?format=wav&bit_depth=24`,
      midi: `/api/songs/${SONG_ID}/download?format=midi`,
    },
    loudness_lufs: -14.1,
    true_peak_dbtp: -1.2,
    created_at: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

function editorTrack(index: number, instrument: string, name: string, role: string): EditorTrack {
  return {
    id: `t${index + 1}`,
    name: `${name} (${role})`,
    instrument,
    instrument_name: name,
    role,
    is_drums: role === 'drums',
    gain_db: 0,
    pan: 0,
    mute: false,
    solo: false,
    chain: { effects: [] },
    stem_url: `/media/stems/${index}.flac`,
    stem_gain_db: -6,
    peaks: Array.from({ length: 16 }, (_, i) => ((i * 7 + index) % 10) / 10),
    notes: role === 'drums' ? [] : [[0, 1, 60 + index, 90], [1, 1, 64 + index, 80]],
    upload_id: null,
  };
}

export function editorFixture(overrides: Partial<EditorState> = {}): EditorState {
  return {
    song_id: SONG_ID,
    title: 'Happy pop in C',
    head: 0,
    can_undo: false,
    can_redo: false,
    tempo: 120,
    key: 'C',
    mode: 'major',
    bars: 8,
    beats_per_bar: 4,
    duration_seconds: 16,
    sections: [
      { name: 'intro', start_bar: 0, bars: 4 },
      { name: 'chorus', start_bar: 4, bars: 4 },
    ],
    tracks: [
      editorTrack(0, 'piano', 'Acoustic Grand Piano', 'chords'),
      editorTrack(1, 'electric_bass', 'Electric Bass (finger)', 'bass'),
      editorTrack(2, 'drums', 'Standard Drum Kit', 'drums'),
    ],
    master_chain: { effects: [] },
    edits: [],
    versions: [],
    render: { status: 'ready', job_id: null, error: '', loudness_lufs: -14, true_peak_dbtp: -1.2 },
    ...overrides,
  };
}

export function uploadFixture(overrides: Partial<Upload> = {}): Upload {
  return {
    id: '0b8e4c52-4a53-4b8c-9a0e-2f1d7c3b5a61',
    filename: 'guitar take.wav',
    format: 'WAV',
    codec: 'pcm_s16le',
    sample_rate: 48000,
    channels: 2,
    duration_seconds: 12.5,
    size_bytes: 2_400_044,
    sha256: 'a'.repeat(64),
    loudness_lufs: -18.2,
    peak_dbfs: -3.1,
    tempo: 96.4,
    tempo_confidence: 0.7,
    key: 'A',
    mode: 'minor',
    key_confidence: 0.8,
    peaks: [0.1, 0.5, 0.3],
    original_url: '/api/uploads/0b8e4c52-4a53-4b8c-9a0e-2f1d7c3b5a61/original',
    created_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

const unit = (name: string, label: string, value: number) => ({ name, label, min: 0, max: 1, default: value, step: 0.01, unit: '' });

/** A slice of GET /api/effects (the server builds it from engine/mix/effects.py and engine/edit/ops.py). */
export const editCatalogueFixture: EditCatalogue = {
  presets: [],
  effects: [
    {
      type: 'reverb',
      label: 'Reverb',
      params: [unit('room_size', 'Room size', 0.5), unit('damping', 'Damping', 0.5), unit('wet_level', 'Wet', 0.33), unit('dry_level', 'Dry', 0.4), unit('width', 'Width', 1)],
      defaults: { type: 'reverb', room_size: 0.5, damping: 0.5, wet_level: 0.33, dry_level: 0.4, width: 1 },
    },
    {
      type: 'delay',
      label: 'Delay',
      params: [
        { name: 'delay_seconds', label: 'Time', min: 0.01, max: 2, default: 0.25, step: 0.01, unit: 's' },
        { name: 'feedback', label: 'Feedback', min: 0, max: 0.95, default: 0.3, step: 0.01, unit: '' },
        unit('mix', 'Mix', 0.3),
      ],
      defaults: { type: 'delay', delay_seconds: 0.25, feedback: 0.3, mix: 0.3 },
    },
    { type: 'eq', label: 'EQ', params: [], defaults: { type: 'eq', bands: [] } },
  ],
  eq_band: {
    params: [
      { name: 'frequency_hz', label: 'Frequency', min: 20, max: 20000, default: 1000, step: 10, unit: 'Hz' },
      { name: 'gain_db', label: 'Gain', min: -24, max: 24, default: 0, step: 0.5, unit: 'dB' },
      { name: 'q', label: 'Q', min: 0.1, max: 18, default: 0.7071, step: 0.1, unit: '' },
    ],
    defaults: { kind: 'peak', frequency_hz: 1000, gain_db: 0, q: 0.7071 },
  },
  op_limits: { set_tempo: { tempo: { min: 40, max: 240 } }, loop_section: { times: { min: 1, max: 8 } } },
};
