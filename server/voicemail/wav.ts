// What an uploaded greeting must be before sox is asked to convert it: a
// RIFF/WAVE file whose format chunk describes audio sox reads. Pure: the
// refusal is a sentence for the person who chose the file.

export interface WavInfo {
  /** WAVE_FORMAT_*: 1 PCM, 3 IEEE float, 6 A-law, 7 mu-law, 0xFFFE extensible. */
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Length from the data chunk, when the header says (a recorder still writing may put 0 or 0xFFFFFFFF there). */
  seconds: number | undefined;
}

const FORMATS = new Set([1, 3, 6, 7, 0xfffe]);

export class WavError extends Error {}

export function readWavHeader(bytes: Uint8Array): WavInfo {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavError('This is not a WAV file. Choose a .wav recording (PCM), or record one here.');
  }
  let fmt: Omit<WavInfo, 'seconds'> | undefined;
  let byteRate = 0;
  for (let at = 12; at + 8 <= buf.length; ) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      if (size < 16 || at + 24 > buf.length) break;
      fmt = {
        format: buf.readUInt16LE(at + 8),
        channels: buf.readUInt16LE(at + 10),
        sampleRate: buf.readUInt32LE(at + 12),
        bitsPerSample: buf.readUInt16LE(at + 22),
      };
      byteRate = buf.readUInt32LE(at + 16);
    } else if (id === 'data') {
      if (!fmt) break;
      check(fmt);
      const available = buf.length - at - 8;
      const dataBytes = size === 0 || size === 0xffffffff ? available : Math.min(size, available);
      if (dataBytes <= 0) throw new WavError('The WAV file holds no sound.');
      return { ...fmt, seconds: byteRate > 0 ? dataBytes / byteRate : undefined };
    }
    at += 8 + size + (size % 2);
  }
  throw new WavError('The WAV file is damaged: its format or sound data is missing.');
}

function check(fmt: Omit<WavInfo, 'seconds'>): void {
  if (!FORMATS.has(fmt.format)) throw new WavError('This WAV file is compressed in a way we cannot read. Save it as PCM (16-bit) and try again.');
  if (fmt.channels < 1 || fmt.channels > 8) throw new WavError('The WAV file has an unusual number of channels. Save it as mono or stereo.');
  if (fmt.sampleRate < 8000 || fmt.sampleRate > 192_000) throw new WavError('The WAV file has an unusual sample rate. Save it at 8, 16, 44.1 or 48 kHz.');
}
