// What an uploaded greeting must be before sox sees it: a RIFF/WAVE file
// with a format it reads, refused otherwise with a sentence for the user.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toneWav } from '../../../freeswitch/simulator/wav.ts';
import { readWavHeader, WavError } from '../../../server/voicemail/wav.ts';

test('a PCM WAV: its format, channels, rate and length', () => {
  assert.equal(readWavHeader(toneWav(2, 16_000)), { format: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16, seconds: 2 });
});

test('a recorder still writing (data size 0 or 0xFFFFFFFF): the length from the bytes there are', () => {
  const wav = toneWav(1);
  wav.writeUInt32LE(0xffffffff, 40);
  assert.is(readWavHeader(wav).seconds, 1);
});

test('anything else is refused, saying why', () => {
  const refused = (bytes: Uint8Array, words: string) =>
    assert.throws(() => readWavHeader(bytes), (e: unknown) => e instanceof WavError && e.message.includes(words), words);
  refused(Buffer.from('hello there, not a wav'), 'not a WAV file');
  refused(Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00 an mp3'), 'not a WAV file');
  const mp3InWav = toneWav(1);
  mp3InWav.writeUInt16LE(0x55, 20);
  refused(mp3InWav, 'compressed in a way we cannot read');
  const oddRate = toneWav(1);
  oddRate.writeUInt32LE(1000, 24);
  refused(oddRate, 'unusual sample rate');
  refused(toneWav(1).subarray(0, 30), 'damaged');
  refused(toneWav(0), 'holds no sound');
});

test.run();
