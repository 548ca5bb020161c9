// Hold and resume for one JsSIP session. JsSIP refuses a hold or resume
// while the previous re-INVITE is still out (it returns false and does
// nothing): a quick second press (H, H), or a swap right after a consult,
// waits for it instead of being lost. The latest wish wins.
import type { RTCSession } from 'jssip/lib/RTCSession';

export interface HoldControl {
  set(on: boolean): void;
  /** The session ended: no retry may touch it any more. */
  dispose(): void;
}

export function holdControl(session: RTCSession): HoldControl {
  let wanted: boolean | null = null;
  let busy = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  function apply() {
    if (disposed || wanted === null || busy) return;
    const on = wanted;
    if (session.isOnHold().local === on) {
      wanted = null;
      return;
    }
    busy = true;
    const done = () => {
      busy = false;
      apply();
    };
    if (on ? session.hold({}, done) : session.unhold({}, done)) {
      if (wanted === on) wanted = null;
      return;
    }
    // Not ready for a new offer yet (an answer or another re-INVITE in flight): try again shortly.
    busy = false;
    clearTimeout(retry);
    retry = setTimeout(apply, 250);
  }

  return {
    set(on) {
      wanted = on;
      apply();
    },
    dispose() {
      disposed = true;
      clearTimeout(retry);
    },
  };
}
