// The call-quality figures: getStats reports (shaped as Chromium writes them)
// folded into RTT, jitter, loss, packets, levels and an E-model MOS; the
// one-way-audio warnings; the connection's state in words.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { meterFraction, rms } from '../../../client/src/softphone/quality/level.ts';
import { estimateMos, mosOfR, mosWord } from '../../../client/src/softphone/quality/mos.ts';
import { initialOneWay, ONE_WAY_AFTER_S, reduceOneWay, type CallContext } from '../../../client/src/softphone/quality/one-way.ts';
import { initialQuality, reduceQuality, sampleOf, type QualityFigures } from '../../../client/src/softphone/quality/stats.ts';
import { dtlsInWords, iceInWords } from '../../../client/src/softphone/quality/states.ts';

/** One second of a Chromium report: `n` seconds into a call with `lost` packets lost so far and these levels. */
function report(n: number, o: { lost?: number; inLevel?: number; outLevel?: number; sent?: number; received?: number; rtt?: number } = {}) {
  const received = o.received ?? 50 * n;
  const inEnergy = (o.inLevel ?? 0.05) ** 2 * n;
  const outEnergy = (o.outLevel ?? 0.05) ** 2 * n;
  return [
    { type: 'inbound-rtp', kind: 'audio', packetsReceived: received, packetsLost: o.lost ?? 0, bytesReceived: received * 160, jitter: 0.004, totalAudioEnergy: inEnergy, totalSamplesDuration: n },
    { type: 'outbound-rtp', kind: 'audio', packetsSent: o.sent ?? 50 * n, bytesSent: 50 * n * 160 },
    { type: 'media-source', kind: 'audio', totalAudioEnergy: outEnergy, totalSamplesDuration: n },
    { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: o.rtt ?? 0.04 },
    { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.002 },
    { type: 'inbound-rtp', kind: 'video', packetsReceived: 999 },
  ];
}

const fold = (reports: Record<string, unknown>[][]) => reports.reduce((s, r, i) => reduceQuality(s, sampleOf(r, i * 1000)), initialQuality()).figures!;

test('MOS: G.107\'s mapping, a clean LAN call is good, loss and delay bring it down', () => {
  assert.is(mosOfR(100), 4.5);
  assert.is(mosOfR(0), 1);
  // FreeSWITCH's do_mos on its own R = 84 (its quality percentage) gives this too.
  assert.is(mosOfR(84).toFixed(2), '4.17', '1 + 0.035·84 + 0.000007·84·24·16');
  const clean = estimateMos(40, 4, 0);
  assert.ok(clean > 4.3 && clean <= 4.5, `clean: ${clean}`);
  assert.is(mosWord(clean), 'good');
  assert.is(mosWord(estimateMos(40, 4, 5)), 'fair');
  assert.is(mosWord(estimateMos(600, 40, 10)), 'poor');
  assert.ok(estimateMos(400, 4, 0) < estimateMos(100, 4, 0), 'delay costs');
  assert.is(mosWord(4), 'good');
  assert.is(mosWord(3.6), 'fair');
  assert.is(mosWord(3.59), 'poor');
});

test('stats: audio only, RTT from the far end\'s receiver report, else the candidate pair in use', () => {
  const s = sampleOf(report(3), 3000);
  assert.is(s.packetsReceived, 150, 'the video stream is not counted');
  assert.is(s.rttS, 0.04);
  const noRr = report(3).filter((x) => x.type !== 'remote-inbound-rtp');
  assert.is(sampleOf(noRr, 0).rttS, 0.002);
  const notInUse = noRr.map((x) => (x.type === 'candidate-pair' ? { ...x, nominated: false } : x));
  assert.is(sampleOf(notInUse, 0).rttS, null);
});

test('stats: the figures of the last second, and of the call so far', () => {
  const first = fold([report(1)]);
  assert.is(first.receivedDelta, null, 'one sample says nothing about a second');
  assert.is(first.lossPercent, null);
  assert.is(first.rttMs, 40);
  assert.ok(first.mos !== null && first.mos > 4.3);
  const f = fold([report(1), report(2, { lost: 5, received: 95 })]);
  assert.is(f.receivedDelta, 45);
  assert.is(f.sentDelta, 50);
  assert.is(f.lossPercent, 10, '5 lost of 50 expected in the last second');
  assert.is(f.totalLossPercent, 5);
  assert.is(f.jitterMs, 4);
  assert.ok(Math.abs(f.inboundLevel! - 0.05) < 1e-9, 'RMS level from the energy of the last second');
  assert.ok(f.mos! < first.mos!, 'loss lowers the MOS');
});

const live: CallContext = { receiving: true, sending: true, muted: false, track: 'live' };
/** The one-way state after `seconds` of the same figures. */
function after(seconds: number, figures: Partial<QualityFigures>, call: CallContext = live) {
  const base = fold([report(1), report(2)]);
  let s = initialOneWay();
  for (let i = 0; i <= seconds; i++) s = reduceOneWay(s, { ...base, ...figures }, call, i * 1000);
  return s;
}

test('one-way audio: digital silence or no packets from the far end for a few seconds warns; room noise does not', () => {
  assert.is(after(ONE_WAY_AFTER_S, {}).noSoundIn, false);
  assert.is(after(ONE_WAY_AFTER_S - 1, { inboundLevel: 0 }).noSoundIn, false, 'not at once');
  assert.is(after(ONE_WAY_AFTER_S, { inboundLevel: 0 }).noSoundIn, true);
  assert.is(after(ONE_WAY_AFTER_S, { receivedDelta: 0, inboundLevel: null }).noSoundIn, true, 'no packets at all');
  assert.is(after(ONE_WAY_AFTER_S, { inboundLevel: 0.0005 }).noSoundIn, false, 'a quiet room is not silence');
  // Sound again clears it.
  const quiet = after(ONE_WAY_AFTER_S, { inboundLevel: 0 });
  const back = reduceOneWay(quiet, fold([report(1), report(2)]), live, 10_000);
  assert.is(back.noSoundIn, false);
  assert.is(back.quietInSince, null);
});

test('one-way audio: nothing leaving warns, at once when the system muted or took the microphone', () => {
  assert.is(after(ONE_WAY_AFTER_S, { outboundLevel: 0 }).noSoundOut, true);
  assert.is(after(ONE_WAY_AFTER_S, { sentDelta: 0 }).noSoundOut, true);
  assert.is(after(0, {}, { ...live, track: 'muted' }).noSoundOut, true);
  assert.is(after(0, {}, { ...live, track: 'ended' }).noSoundOut, true);
});

test('one-way audio: silence that is expected is no fault (the user\'s mute, either side\'s hold)', () => {
  assert.is(after(10, { outboundLevel: 0 }, { ...live, muted: true }).noSoundOut, false);
  assert.is(after(10, { outboundLevel: 0 }, { ...live, muted: true, track: 'muted' }).noSoundOut, false);
  assert.is(after(10, { receivedDelta: 0 }, { ...live, receiving: false }).noSoundIn, false, 'sendonly: we hold');
  assert.is(after(10, { sentDelta: 0 }, { ...live, sending: false }).noSoundOut, false, 'recvonly: they hold');
});

test('the level meter: RMS of the samples, shown over 60 dB', () => {
  assert.is(rms([0.5, -0.5, 0.5, -0.5]), 0.5);
  assert.is(rms([]), 0);
  assert.is(meterFraction(0), 0);
  assert.is(meterFraction(1), 1);
  assert.is(meterFraction(0.001), 0, '−60 dBFS: empty');
  assert.ok(Math.abs(meterFraction(0.01) - 1 / 3) < 1e-9, '−40 dBFS: a third');
});

test('ICE and DTLS states in words', () => {
  assert.equal(iceInWords('connected'), { text: 'Network path open', tone: 'ok' });
  assert.is(iceInWords('disconnected').tone, 'warn');
  assert.is(iceInWords('failed').text, 'No network path to the PBX');
  assert.equal(dtlsInWords('connected'), { text: 'Media encrypted (DTLS-SRTP)', tone: 'ok' });
  assert.is(dtlsInWords(null).tone, 'info');
  assert.is(dtlsInWords('failed').tone, 'danger');
});

test.run();
