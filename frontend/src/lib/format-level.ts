/** A fader level, e.g. "+1.5 dB", "-6.0 dB". */
export const formatDb = (db: number) => `${db > 0 ? '+' : ''}${db.toFixed(1)} dB`;

/** A pan position as a mixer shows it: "C", "L25", "R5". */
export const formatPan = (pan: number) =>
  Math.abs(pan) < 0.005 ? 'C' : `${pan < 0 ? 'L' : 'R'}${Math.round(Math.abs(pan) * 100)}`;
