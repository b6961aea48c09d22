import type { Effect } from '@/lib/api-types';

export interface ParamSpec {
  key: string;
  label: string;
  min: number;
  max: number;
  step: number;
  unit?: string;
}

// Ranges and defaults mirror engine/mix/effects.py (the server validates them again).
const unit = (key: string, label: string): ParamSpec => ({ key, label, min: 0, max: 1, step: 0.01 });

export const EFFECT_PARAMS: Record<string, { label: string; params: ParamSpec[]; defaults: Effect }> = {
  reverb: {
    label: 'Reverb',
    params: [unit('room_size', 'Room size'), unit('damping', 'Damping'), unit('wet_level', 'Wet'), unit('dry_level', 'Dry'), unit('width', 'Width')],
    defaults: { type: 'reverb', room_size: 0.5, damping: 0.5, wet_level: 0.33, dry_level: 0.4, width: 1 },
  },
  delay: {
    label: 'Delay',
    params: [
      { key: 'delay_seconds', label: 'Time', min: 0.01, max: 2, step: 0.01, unit: 's' },
      { key: 'feedback', label: 'Feedback', min: 0, max: 0.95, step: 0.01 },
      unit('mix', 'Mix'),
    ],
    defaults: { type: 'delay', delay_seconds: 0.25, feedback: 0.3, mix: 0.3 },
  },
  eq: { label: 'EQ', params: [], defaults: { type: 'eq', bands: [{ kind: 'peak', frequency_hz: 1000, gain_db: 0, q: 0.7071 }] } },
  compressor: {
    label: 'Compressor',
    params: [
      { key: 'threshold_db', label: 'Threshold', min: -60, max: 0, step: 0.5, unit: 'dB' },
      { key: 'ratio', label: 'Ratio', min: 1, max: 20, step: 0.1 },
      { key: 'attack_ms', label: 'Attack', min: 0.1, max: 200, step: 0.1, unit: 'ms' },
      { key: 'release_ms', label: 'Release', min: 5, max: 2000, step: 5, unit: 'ms' },
    ],
    defaults: { type: 'compressor', threshold_db: -18, ratio: 4, attack_ms: 5, release_ms: 100 },
  },
  chorus: {
    label: 'Chorus',
    params: [
      { key: 'rate_hz', label: 'Rate', min: 0.05, max: 10, step: 0.05, unit: 'Hz' },
      unit('depth', 'Depth'),
      { key: 'centre_delay_ms', label: 'Delay', min: 1, max: 30, step: 0.5, unit: 'ms' },
      { key: 'feedback', label: 'Feedback', min: 0, max: 0.9, step: 0.01 },
      unit('mix', 'Mix'),
    ],
    defaults: { type: 'chorus', rate_hz: 1, depth: 0.25, centre_delay_ms: 7, feedback: 0, mix: 0.5 },
  },
  phaser: {
    label: 'Phaser',
    params: [
      { key: 'rate_hz', label: 'Rate', min: 0.05, max: 10, step: 0.05, unit: 'Hz' },
      unit('depth', 'Depth'),
      { key: 'centre_frequency_hz', label: 'Centre', min: 100, max: 5000, step: 10, unit: 'Hz' },
      { key: 'feedback', label: 'Feedback', min: 0, max: 0.9, step: 0.01 },
      unit('mix', 'Mix'),
    ],
    defaults: { type: 'phaser', rate_hz: 1, depth: 0.5, centre_frequency_hz: 1300, feedback: 0, mix: 0.5 },
  },
  distortion: {
    label: 'Distortion',
    params: [{ key: 'drive_db', label: 'Drive', min: 0, max: 60, step: 0.5, unit: 'dB' }],
    defaults: { type: 'distortion', drive_db: 20 },
  },
  lowpass: {
    label: 'Low-pass',
    params: [{ key: 'cutoff_hz', label: 'Cutoff', min: 20, max: 20000, step: 10, unit: 'Hz' }],
    defaults: { type: 'lowpass', cutoff_hz: 5000 },
  },
  highpass: {
    label: 'High-pass',
    params: [{ key: 'cutoff_hz', label: 'Cutoff', min: 20, max: 20000, step: 10, unit: 'Hz' }],
    defaults: { type: 'highpass', cutoff_hz: 100 },
  },
  limiter: {
    label: 'Limiter',
    params: [
      { key: 'threshold_db', label: 'Threshold', min: -30, max: 0, step: 0.5, unit: 'dB' },
      { key: 'release_ms', label: 'Release', min: 1, max: 1000, step: 1, unit: 'ms' },
    ],
    defaults: { type: 'limiter', threshold_db: -1, release_ms: 100 },
  },
  gain: {
    label: 'Gain',
    params: [{ key: 'gain_db', label: 'Gain', min: -60, max: 24, step: 0.5, unit: 'dB' }],
    defaults: { type: 'gain', gain_db: 0 },
  },
};

export const EQ_BAND_PARAMS: ParamSpec[] = [
  { key: 'frequency_hz', label: 'Frequency', min: 20, max: 20000, step: 10, unit: 'Hz' },
  { key: 'gain_db', label: 'Gain', min: -24, max: 24, step: 0.5, unit: 'dB' },
  { key: 'q', label: 'Q', min: 0.1, max: 18, step: 0.1 },
];

export const effectLabel = (type: string) => EFFECT_PARAMS[type]?.label ?? type;
