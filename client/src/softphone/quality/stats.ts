// getStats → the figures a person can read. `sampleOf` picks what matters
// from one RTCStatsReport (any iterable of stats objects, so tests feed plain
// objects); `reduceQuality` folds successive samples into the live figures:
// round-trip time, jitter, loss in the last interval and overall, packets,
// the audio level each way, and an estimated MOS. Pure: no timers, no WebRTC.
import { estimateMos } from './mos.ts';

/** The counters of one getStats call that the figures come from. */
export interface StatsSample {
  /** ms since the epoch, from the report. */
  at: number;
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  /** Cumulative energy of what was received (inbound-rtp.totalAudioEnergy), or null if not reported. */
  inboundEnergy: number | null;
  inboundDuration: number | null;
  packetsSent: number;
  bytesSent: number;
  /** Cumulative energy of the microphone's track being sent (media-source), or null. */
  outboundEnergy: number | null;
  outboundDuration: number | null;
  /** Seconds; null until measured. */
  rttS: number | null;
  jitterS: number | null;
}

type Stat = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The audio counters of one report; absent counters read as 0 (nothing yet). */
export function sampleOf(report: Iterable<Stat>, at: number): StatsSample {
  const s: StatsSample = {
    at,
    packetsReceived: 0,
    packetsLost: 0,
    bytesReceived: 0,
    inboundEnergy: null,
    inboundDuration: null,
    packetsSent: 0,
    bytesSent: 0,
    outboundEnergy: null,
    outboundDuration: null,
    rttS: null,
    jitterS: null,
  };
  let pairRtt: number | null = null;
  let remoteRtt: number | null = null;
  for (const stat of report) {
    if (stat.kind !== undefined && stat.kind !== 'audio') continue;
    switch (stat.type) {
      case 'inbound-rtp':
        s.packetsReceived += num(stat.packetsReceived) ?? 0;
        s.packetsLost += Math.max(0, num(stat.packetsLost) ?? 0);
        s.bytesReceived += num(stat.bytesReceived) ?? 0;
        s.jitterS = num(stat.jitter) ?? s.jitterS;
        s.inboundEnergy = num(stat.totalAudioEnergy) ?? s.inboundEnergy;
        s.inboundDuration = num(stat.totalSamplesDuration) ?? s.inboundDuration;
        break;
      case 'outbound-rtp':
        s.packetsSent += num(stat.packetsSent) ?? 0;
        s.bytesSent += num(stat.bytesSent) ?? 0;
        break;
      case 'media-source':
        s.outboundEnergy = num(stat.totalAudioEnergy) ?? s.outboundEnergy;
        s.outboundDuration = num(stat.totalSamplesDuration) ?? s.outboundDuration;
        break;
      case 'remote-inbound-rtp':
        // The far end's RTCP receiver report: its view of our stream.
        remoteRtt = num(stat.roundTripTime) ?? remoteRtt;
        break;
      case 'candidate-pair':
        // STUN consent checks measure the path too; only the pair in use counts.
        if (stat.nominated === true && stat.state === 'succeeded') pairRtt = num(stat.currentRoundTripTime) ?? pairRtt;
        break;
    }
  }
  s.rttS = remoteRtt ?? pairRtt;
  return s;
}

export interface QualityFigures {
  rttMs: number | null;
  jitterMs: number | null;
  /** Lost of expected in the last interval, %; null before two samples. */
  lossPercent: number | null;
  /** Lost of expected over the call, %. */
  totalLossPercent: number;
  packetsReceived: number;
  packetsSent: number;
  /** New packets in the last interval, each way; null before two samples. */
  receivedDelta: number | null;
  sentDelta: number | null;
  /** RMS level (0–1) of the audio received / sent in the last interval; null when not known. */
  inboundLevel: number | null;
  outboundLevel: number | null;
  /** 1–4.5; null until there is a round-trip time to estimate from. */
  mos: number | null;
}

export interface QualityState {
  last: StatsSample | null;
  figures: QualityFigures | null;
}

export const initialQuality = (): QualityState => ({ last: null, figures: null });

/** RMS level over an interval from cumulative energy (the mean of squared samples × duration). */
function level(energy: number | null, duration: number | null, prevEnergy: number | null, prevDuration: number | null): number | null {
  if (energy === null || duration === null || prevEnergy === null || prevDuration === null) return null;
  const seconds = duration - prevDuration;
  if (seconds <= 0) return null;
  return Math.sqrt(Math.max(0, energy - prevEnergy) / seconds);
}

const percent = (lost: number, received: number) => (lost + received > 0 ? (100 * lost) / (lost + received) : 0);

export function reduceQuality(state: QualityState, sample: StatsSample): QualityState {
  const prev = state.last;
  const receivedDelta = prev ? Math.max(0, sample.packetsReceived - prev.packetsReceived) : null;
  const lostDelta = prev ? Math.max(0, sample.packetsLost - prev.packetsLost) : null;
  const rttMs = sample.rttS === null ? null : sample.rttS * 1000;
  const jitterMs = sample.jitterS === null ? null : sample.jitterS * 1000;
  const lossPercent = receivedDelta === null || lostDelta === null ? null : percent(lostDelta, receivedDelta);
  const totalLossPercent = percent(sample.packetsLost, sample.packetsReceived);
  return {
    last: sample,
    figures: {
      rttMs,
      jitterMs,
      lossPercent,
      totalLossPercent,
      packetsReceived: sample.packetsReceived,
      packetsSent: sample.packetsSent,
      receivedDelta,
      sentDelta: prev ? Math.max(0, sample.packetsSent - prev.packetsSent) : null,
      inboundLevel: prev ? level(sample.inboundEnergy, sample.inboundDuration, prev.inboundEnergy, prev.inboundDuration) : null,
      outboundLevel: prev ? level(sample.outboundEnergy, sample.outboundDuration, prev.outboundEnergy, prev.outboundDuration) : null,
      mos: rttMs === null ? null : estimateMos(rttMs, jitterMs ?? 0, lossPercent ?? totalLossPercent),
    },
  };
}
