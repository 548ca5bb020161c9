// The ring of an incoming call, synthesised (no audio file to fetch): the
// classic two-tone 0.4 s on, 0.2 s off, 0.4 s on, 2 s off.
//
// It must ring in a background tab too. Two things stand in the way:
// * Autoplay rules. Chrome, Edge and Firefox let a page's AudioContext play
//   once the person has interacted with the page (any click or key press
//   since it loaded: signing in counts); Safari only lets a context play if it
//   was started or resumed inside such an event handler. So the context is
//   made (and resumed) on the first pointer or key press after the phone
//   loads, or at once when the page already has had one, then suspended
//   until a call rings (a running context keeps the sound device busy), and
//   resumed for each ring: a context once started that way may resume later
//   without a gesture. A page never touched (reloaded, then left in the
//   background) may still be kept silent by the browser: the notification
//   and the announcement do not depend on it.
// * Timer throttling. Hidden tabs run timers at most once a second, and
//   Chrome, after five minutes, once a minute. So the pattern is scheduled
//   on the audio clock a minute ahead, and topped up from a timer that may
//   run late without a gap in the ring.
export interface Ringer {
  set(ringing: boolean): void;
}

const CYCLE_S = 3;
const AHEAD_S = 60;
const TOP_UP_MS = 20_000;

export function createRinger(): Ringer {
  let context: AudioContext | null = null;
  let ring: { out: GainNode; next: number; oscillators: { node: OscillatorNode; end: number }[]; timer: ReturnType<typeof setInterval> } | null = null;

  const audio = () => (context ??= new AudioContext());
  const unlock = () => {
    document.removeEventListener('pointerdown', unlock, true);
    document.removeEventListener('keydown', unlock, true);
    const ctx = audio();
    ctx
      .resume()
      .then(() => (ring ? undefined : ctx.suspend()))
      .catch(() => undefined);
  };
  const activated = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive;
  if (activated) unlock();
  else {
    document.addEventListener('pointerdown', unlock, true);
    document.addEventListener('keydown', unlock, true);
  }

  const burst = (ctx: AudioContext, out: GainNode, at: number) => {
    for (const frequency of [440, 480]) {
      const node = ctx.createOscillator();
      node.frequency.value = frequency;
      node.connect(out);
      node.start(at);
      node.stop(at + 0.4);
      ring?.oscillators.push({ node, end: at + 0.4 });
    }
  };
  const topUp = (ctx: AudioContext) => {
    if (!ring) return;
    ring.oscillators = ring.oscillators.filter((o) => o.end > ctx.currentTime);
    ring.next = Math.max(ring.next, ctx.currentTime);
    while (ring.next < ctx.currentTime + AHEAD_S) {
      burst(ctx, ring.out, ring.next);
      burst(ctx, ring.out, ring.next + 0.6);
      ring.next += CYCLE_S;
    }
  };

  return {
    set(ringing) {
      if (ringing === (ring !== null)) return;
      if (!ringing) {
        const done = ring!;
        ring = null;
        clearInterval(done.timer);
        for (const o of done.oscillators) o.node.stop(0);
        done.out.disconnect();
        void context?.suspend().catch(() => undefined);
        return;
      }
      const ctx = audio();
      // Best effort (see above); the banner, the announcement and the notification are not.
      void ctx.resume().catch(() => undefined);
      const out = ctx.createGain();
      out.gain.value = 0.12;
      out.connect(ctx.destination);
      ring = { out, next: ctx.currentTime, oscillators: [], timer: setInterval(() => topUp(ctx), TOP_UP_MS) };
      topUp(ctx);
    },
  };
}
