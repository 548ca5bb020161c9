// Which tones a recording holds: the Goertzel algorithm over a PCM WAV (what
// FreeSWITCH's uuid_record writes), as the share of the signal's energy at
// each frequency. Used to tell who a phone hears when each phone sends its
// own tone.
import { readFileSync } from 'node:fs';

export interface Pcm {
  rate: number;
  channels: number;
  /** The first channel's samples. */
  samples: Float64Array;
}

/** A 16-bit PCM WAV file's first channel. */
export function readWav(path: string): Pcm {
  const buf = readFileSync(path);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path} is not a WAV file`);
  let at = 12;
  let rate = 0;
  let channels = 1;
  while (at + 8 <= buf.length) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      if (buf.readUInt16LE(body) !== 1 || buf.readUInt16LE(body + 14) !== 16) throw new Error(`${path} is not 16-bit PCM`);
      channels = buf.readUInt16LE(body + 2);
      rate = buf.readUInt32LE(body + 4);
    } else if (id === 'data') {
      const end = Math.min(buf.length, body + size);
      const count = Math.floor((end - body) / (2 * channels));
      const samples = new Float64Array(count);
      for (let i = 0; i < count; i++) samples[i] = buf.readInt16LE(body + i * 2 * channels) / 32768;
      return { rate, channels, samples };
    }
    at = body + size + (size % 2);
  }
  throw new Error(`${path} has no data`);
}

/** Goertzel: the squared magnitude of the DFT bin nearest `freq` over `n` samples from `from` (a sine of amplitude A gives (A·n/2)²). */
function goertzelPower(samples: Float64Array, from: number, n: number, freq: number, rate: number): number {
  const k = Math.round((n * freq) / rate);
  const coeff = 2 * Math.cos((2 * Math.PI * k) / n);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s = samples[from + i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/**
 * Each frequency's share of the recording's energy (0…1), over 100 ms blocks
 * (a bin 10 Hz wide), summed over the whole file: a steady tone that makes
 * up the signal gives close to 1, one that is absent close to 0.
 */
export function toneShares(pcm: Pcm, freqs: number[]): Record<number, number> {
  const n = Math.floor(pcm.rate / 10);
  const power = Object.fromEntries(freqs.map((f) => [f, 0])) as Record<number, number>;
  let energy = 0;
  for (let from = 0; from + n <= pcm.samples.length; from += n) {
    let e = 0;
    for (let i = 0; i < n; i++) e += pcm.samples[from + i]! ** 2;
    energy += e;
    // A sine of amplitude A over N samples: Goertzel power (A·N/2)², block energy A²·N/2 → share = power·2/(N·energy).
    for (const f of freqs) power[f]! += (goertzelPower(pcm.samples, from, n, f, pcm.rate) * 2) / n;
  }
  return Object.fromEntries(freqs.map((f) => [f, energy > 0 ? power[f]! / energy : 0])) as Record<number, number>;
}

/** Root-mean-square level of the recording (0…1 of full scale): silence is near 0. */
export function rms(pcm: Pcm): number {
  let e = 0;
  for (const s of pcm.samples) e += s * s;
  return pcm.samples.length ? Math.sqrt(e / pcm.samples.length) : 0;
}
