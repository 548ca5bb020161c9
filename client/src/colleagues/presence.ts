// A colleague's presence in words and colour, the same on the page and in
// the softphone's panel. Pure.
import type { ExtensionPresence, PresenceState } from '../../../common/live.ts';

const WORDS: Record<PresenceState, string> = {
  talking: 'On a call',
  ringing: 'Ringing',
  dialling: 'Calling',
  dnd: 'Do not disturb',
  'on-break': 'On break',
  idle: 'Available',
  offline: 'Offline',
};

/** The badge's colour (styles.css .badge[data-state]). */
const TONE: Record<PresenceState, 'ok' | 'warn' | 'danger' | 'info' | 'off'> = {
  talking: 'danger',
  ringing: 'info',
  dialling: 'info',
  dnd: 'danger',
  'on-break': 'warn',
  idle: 'ok',
  offline: 'off',
};

export const presenceTone = (p: ExtensionPresence) => TONE[p.state];

/** "On break · Lunch", "Available", "Offline". */
export function presenceWords(p: ExtensionPresence): string {
  if (p.state === 'on-break' && p.breakReason) return `${WORDS[p.state]} · ${p.breakReason}`;
  return WORDS[p.state];
}

/** The states worth a running clock: how long a call or a break has lasted. */
export const counts = (p: ExtensionPresence) => p.state === 'talking' || p.state === 'ringing' || p.state === 'dialling' || p.state === 'on-break';

/** Free to take a call: registered and neither busy, ringing, on DND nor on a break. */
export const reachable = (p: ExtensionPresence | undefined) => p?.state === 'idle';

/** The names of the figures above the list, in the order shown. */
export function tally(list: (ExtensionPresence | undefined)[]): { available: number; busy: number; away: number; offline: number } {
  const t = { available: 0, busy: 0, away: 0, offline: 0 };
  for (const p of list) {
    if (!p || p.state === 'offline') t.offline++;
    else if (p.state === 'idle') t.available++;
    else if (p.state === 'dnd' || p.state === 'on-break') t.away++;
    else t.busy++;
  }
  return t;
}
