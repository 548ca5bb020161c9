// What the user types and what SIP says, both ways; and the call timer.
import type { AgentCall } from '../../../common/live.ts';

/** Dialable text: digits, *, # and a leading +, with spaces, dashes, dots and brackets dropped. Null if nothing dialable. */
export function dialable(text: string): string | null {
  const compact = text.trim().replace(/[\s().-]/g, '');
  return /^\+?[0-9*#]+$/.test(compact) ? compact : null;
}

export const sipUri = (number: string, domain: string) => `sip:${number}@${domain}`;

/** Who is calling, from the From header's display name and user part. */
export function caller(displayName: string | undefined, user: string | null | undefined): { number: string; name: string | null } {
  const number = user ?? 'Unknown';
  const name = displayName?.trim() || null;
  return { number, name: name && name !== number ? name : null };
}

/** The queue an incoming call comes from, when the PBX says its agent is being offered this caller. */
export const queueOfCall = (agentCall: AgentCall | null | undefined, callerNumber: string): string | null =>
  agentCall && agentCall.cidNumber === callerNumber ? agentCall.queue : null;

/** 0:07, 12:34, 1:02:03 */
export function formatCallTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
