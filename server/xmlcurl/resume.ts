// Calls that outlive the agent's softphone: the two extensions the served
// dialplan adds for them (server/resume/hold.ts puts a call on hold here,
// server/http/freeswitch.ts serves them). Pure.
//
//   switchboard-hold-<ext>  the other party of <ext>'s call, moved here by
//                           uuid_transfer when <ext>'s softphone vanished
//                           mid-call: a soft tone every few seconds for
//                           RESUME_SECONDS, then where an unanswered call to
//                           <ext> goes (its voicemail, or NO_ANSWER; a queue
//                           caller back into the queue).
//   resume-<uuid>           what the agent's softphone dials to take the held
//                           call back: mod_dptools' intercept bridges it to
//                           the held leg (switch_ivr_intercept_session breaks
//                           the leg out of its playback and uuid_bridges it).
import { HOLD_PREFIX } from '../live/resumable.ts';
import { voicemail, type Action, type CalledExtension } from './dialplan.ts';
import { queueActions } from './queue.ts';

export { HOLD_PREFIX };
export const RESUME_PREFIX = 'resume-';
/**
 * Set on the held leg (`<ext>@<domain>`) while it waits, unset when its time
 * is up or it was taken back: only a phone of that extension may take it,
 * and only then.
 */
export const RESUME_FOR = 'switchboard_resume_for';
/** Set on the held leg: the agent's leg that vanished, whose CDR row the resumed call continues. */
export const RESUME_LEG = 'switchboard_resume_leg';
/** Set on the agent's resuming leg: that same CDR row's UUID (server/cdr/ extends it instead of adding a row). */
export const RESUME_OF = 'switchboard_resume_of';

/** A 440 Hz beep every 5 s, forever (playback_timeout_sec ends it): no sound files needed. */
const HOLD_TONE = 'tone_stream://%(300,4700,440);loops=-1';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The held call's UUID in a dialled `resume-<uuid>`, or undefined. */
export function resumeTarget(destination: string): string | undefined {
  if (!destination.startsWith(RESUME_PREFIX)) return undefined;
  const uuid = destination.slice(RESUME_PREFIX.length);
  return UUID.test(uuid) ? uuid.toLowerCase() : undefined;
}

/** The extension in `switchboard-hold-<ext>`, or undefined. */
export const holdOf = (destination: string): string | undefined =>
  destination.startsWith(HOLD_PREFIX) && destination.length > HOLD_PREFIX.length ? destination.slice(HOLD_PREFIX.length) : undefined;

/**
 * The held party's wait, then the unanswered route. `queue`: the caller came
 * from this mod_callcenter queue (its cc_queue, `sales@acme.pbx.test`) and
 * goes back into it, as after an agent who did not answer.
 */
export function holdActions(callee: CalledExtension, domain: string, seconds: number, queue?: string): Action[] {
  const [queueName, queueDomain] = queue?.split('@') ?? [];
  const unanswered: Action[] =
    queueName && queueDomain === domain
      ? queueActions(queueName, domain)
      : callee.voicemail
        ? voicemail(callee.number, domain)
        : [['hangup', 'NO_ANSWER']];
  return [
    ['answer'],
    ['set', `playback_timeout_sec=${seconds}`],
    ['playback', HOLD_TONE],
    ['unset', RESUME_FOR],
    ['unset', 'playback_timeout_sec'],
    ...unanswered,
  ];
}

/** The agent's phone takes the held leg back; the CDR row of the vanished leg goes on (`resumeLeg`). */
export function resumeActions(uuid: string, resumeLeg: string | undefined): Action[] {
  return [
    ...(resumeLeg && UUID.test(resumeLeg) ? ([['set', `${RESUME_OF}=${resumeLeg}`]] as Action[]) : []),
    ['set', 'hangup_after_bridge=true'],
    ['intercept', uuid],
    ['hangup'],
  ];
}
