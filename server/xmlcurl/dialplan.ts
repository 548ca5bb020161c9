// The dialplan served to FreeSWITCH for one call, as the single extension
// that matches what was dialled. Pure: the route looks the facts up and
// hands them here.
//
// The rules:
//   * A feature code from common/feature-codes.ts runs its action: DND on/off
//     fires the CUSTOM switchboard::dnd event the server consumes (it saves
//     the flag, flushes the directory entry and updates the live views).
//   * A call to an extension with DND on goes to its voicemail (busy without
//     one); it never rings.
//   * A call to an extension with follow-me on rings the follow-me
//     destinations in one bridge, each leg after its leg_delay_start for its
//     leg_timeout (a cascade), then voicemail when nobody answers.
//   * Otherwise it rings the extension's devices for RING_SECONDS (the
//     RING_SECONDS setting), then voicemail; an extension without voicemail
//     ends the call with the ringing's own outcome (no answer, busy, …).
import { assertNever } from '../../common/exhaustive.ts';
import type { FeatureCode } from '../../common/feature-codes.ts';
import type { FollowMeDestination } from '../../common/follow-me.ts';
import { dndEventData } from '../pbx/dnd-event.ts';
import { attr, document } from './xml.ts';

export type Action = [application: string, data?: string];

/** How long an extension without follow-me rings before voicemail, unless the RING_SECONDS setting says otherwise. */
export const RING_SECONDS = 30;

/**
 * Outside numbers leave through the SIP gateway named by this FreeSWITCH
 * global variable (set in vars.xml), so deployments pick their carrier there.
 */
export const GATEWAY_VARIABLE = 'switchboard_gateway';

export interface CalledExtension {
  number: string;
  dnd: boolean;
  /** Unanswered and DND calls go to its voicemail box. */
  voicemail: boolean;
  /** Present only when follow-me is enabled and has destinations. */
  followMe?: FollowMeDestination[];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const userLeg = (number: string, domain: string) => `user/${number}@${domain}`;

/** One follow-me destination as a bridge leg: an extension of the tenant, or a number through the gateway. */
export const legOf = (d: FollowMeDestination, domain: string) =>
  `[leg_delay_start=${d.delay},leg_timeout=${d.timeout}]` +
  (d.destination.startsWith('+') ? `sofia/gateway/\${${GATEWAY_VARIABLE}}/${d.destination}` : userLeg(d.destination, domain));

/** Straight to the extension's voicemail box (DND, unanswered, a DID routed to voicemail). */
export const voicemail = (number: string, domain: string): Action[] => [
  ['answer'],
  ['sleep', '500'],
  ['voicemail', `default ${domain} ${number}`],
];

/** SIP 486 Busy Here: what a caller gets from an extension on DND with no voicemail. */
const BUSY: Action[] = [['respond', '486 Busy Here']];

export function extensionActions(callee: CalledExtension, domain: string, ringSeconds = RING_SECONDS): Action[] {
  if (callee.dnd) return callee.voicemail ? voicemail(callee.number, domain) : BUSY;
  const ring: Action[] = [
    ['set', 'hangup_after_bridge=true'],
    ['set', 'continue_on_fail=true'],
  ];
  if (callee.followMe?.length) {
    // FreeSWITCH adds a leg's leg_delay_start to its leg_timeout, and ends a
    // leg once more than leg_timeout whole seconds passed, but the whole
    // bridge once call_timeout did: one second more lets the last leg ring
    // its full time (with call_timeout=9, a 3 s + 6 s leg was cut at 8 s).
    const total = Math.max(...callee.followMe.map((d) => d.delay + d.timeout));
    ring.push(['set', `call_timeout=${total + 1}`]);
    ring.push(['bridge', `{ignore_early_media=true}${callee.followMe.map((d) => legOf(d, domain)).join(',')}`]);
  } else {
    ring.push(['set', `call_timeout=${ringSeconds}`]);
    ring.push(['bridge', userLeg(callee.number, domain)]);
  }
  // FreeSWITCH's own outcome of the bridge (NO_ANSWER, USER_BUSY, …) is the caller's.
  return [...ring, ...(callee.voicemail ? voicemail(callee.number, domain) : [['hangup', '${originate_disposition}'] as Action])];
}

/** A confirmation tone: no sound files needed, so it works on any install. */
const CONFIRM_TONE = 'tone_stream://%(200,100,600);%(200,0,800)';

export function featureActions(feature: FeatureCode, caller: string, domain: string): Action[] {
  switch (feature.action) {
    case 'dnd-on':
    case 'dnd-off':
      return [
        ['answer'],
        ['event', dndEventData(caller, domain, feature.action === 'dnd-on')],
        ['playback', CONFIRM_TONE],
        ['hangup'],
      ];
    case 'voicemail':
      // `auth`: the phone already proved it is this extension (SIP digest);
      // without it mod_voicemail asks for a PIN, and with no vm-password in
      // our directory that PIN is the SIP password (it checks the a1-hash).
      return [['answer'], ['sleep', '500'], ['voicemail', `check auth default ${domain} ${caller}`]];
    default:
      return assertNever(feature.action, 'feature code action');
  }
}

/** The whole document: one context (the tenant's domain) with one extension matching `destination`. */
export function dialplanDocument(domain: string, destination: string, name: string, actions: Action[]): string {
  const lines = actions.map(([app, data]) =>
    data === undefined
      ? `          <action application="${attr(app)}"/>`
      : `          <action application="${attr(app)}" data="${attr(data)}"/>`,
  );
  return document(
    'dialplan',
    [
      `    <context name="${attr(domain)}">`,
      `      <extension name="${attr(name)}">`,
      `        <condition field="destination_number" expression="${attr(`^${escapeRegex(destination)}$`)}">`,
      ...lines,
      '        </condition>',
      '      </extension>',
      '    </context>',
    ].join('\n'),
  );
}
