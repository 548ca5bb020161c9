// The I/O edge of call quality: once a second while a call is connected, ask
// the call's RTCPeerConnection for getStats and fold it (stats.ts, one-way.ts)
// into what the call view shows. Stops with the call view.
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { initialOneWay, reduceOneWay, type CallContext, type OneWayState } from './one-way.ts';
import { initialQuality, reduceQuality, sampleOf, type QualityFigures } from './stats.ts';

export interface CallQuality {
  figures: QualityFigures | null;
  oneWay: OneWayState;
  ice: RTCIceConnectionState | null;
  dtls: RTCDtlsTransportState | null;
  /** The microphone track being sent, for the live level meter. */
  track: MediaStreamTrack | null;
}

const SAMPLE_MS = 1000;

const flows = (direction: RTCRtpTransceiverDirection | null | undefined, way: 'send' | 'recv') =>
  direction === 'sendrecv' || direction === (way === 'send' ? 'sendonly' : 'recvonly');

function trackState(track: MediaStreamTrack | null): CallContext['track'] {
  if (!track) return 'none';
  if (track.readyState === 'ended') return 'ended';
  return track.muted ? 'muted' : 'live';
}

/** Samples the connection while `active()`; must be called inside a component. */
export function createCallQuality(connection: () => RTCPeerConnection | null, active: Accessor<boolean>, muted: Accessor<boolean>): Accessor<CallQuality> {
  const [view, setView] = createSignal<CallQuality>({ figures: null, oneWay: initialOneWay(), ice: null, dtls: null, track: null });
  let quality = initialQuality();
  let oneWay = initialOneWay();
  let busy = false;

  const sample = async () => {
    const pc = connection();
    if (busy || !pc || !active()) return;
    busy = true;
    try {
      const report = await pc.getStats();
      const at = Date.now();
      quality = reduceQuality(quality, sampleOf(report.values() as Iterable<Record<string, unknown>>, at));
      const audio = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
      const track = audio?.sender.track ?? null;
      const call: CallContext = {
        receiving: flows(audio?.currentDirection, 'recv'),
        sending: flows(audio?.currentDirection, 'send'),
        muted: muted(),
        track: trackState(track),
      };
      oneWay = reduceOneWay(oneWay, quality.figures!, call, at);
      setView({ figures: quality.figures, oneWay, ice: pc.iceConnectionState, dtls: audio?.sender.transport?.state ?? null, track });
    } catch {
      // The connection closed under us: the call is ending.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void sample(), SAMPLE_MS);
  onCleanup(() => clearInterval(timer));
  return view;
}
