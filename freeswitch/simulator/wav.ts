// Just enough RIFF/WAVE for the simulator's mod_voicemail: a recording it
// "records" (a tone, 8 kHz 16-bit mono PCM, as a phone call gives) and the
// length of a WAV it is handed (vm_inject, as mod_voicemail reads it).

/** `seconds` of a quiet 440 Hz tone, so a player in a browser has something to play. */
export function toneWav(seconds: number, rate = 8000): Buffer {
  const samples = Math.max(0, Math.round(seconds * rate));
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 6000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Whole seconds of a WAV file (data bytes / bytes per second), or undefined when it is not one. */
export function wavSeconds(file: Buffer): number | undefined {
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let byteRate = 0;
  for (let at = 12; at + 8 <= file.length; ) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 16 <= file.length) byteRate = file.readUInt32LE(at + 16);
    if (id === 'data') return byteRate > 0 ? Math.round(Math.min(size, file.length - at - 8) / byteRate) : undefined;
    at += 8 + size + (size % 2);
  }
  return undefined;
}
