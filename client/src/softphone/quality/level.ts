// A level meter's reading from raw samples: RMS in dBFS, shown over the
// 60 dB a voice uses (−60 dBFS is the empty meter, 0 dBFS the full one).

export const FLOOR_DB = -60;

export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

/** 0–1 on the meter for an RMS level 0–1. */
export function meterFraction(level: number): number {
  if (level <= 0) return 0;
  const db = 20 * Math.log10(level);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}
