// Which calls a vanished softphone was in, from FreeSWITCH's `show calls as
// json` (its basic_calls view: one row per bridged pair, `a.*` and `b_*`
// columns). Pure.

/** One leg of a row. */
export interface CallSide {
  uuid: string;
  /** sofia/internal/<user>@<host>: for a leg FreeSWITCH placed to a phone, the phone's contact. */
  name: string;
  presenceId: string;
  direction: string;
  cidName: string;
  cidNumber: string;
  dest: string;
  callstate: string;
}

type Row = Record<string, string | undefined>;

const side = (row: Row, p: '' | 'b_'): CallSide | undefined => {
  const uuid = row[`${p}uuid`];
  if (!uuid) return undefined;
  const v = (name: string) => row[`${p}${name}`] ?? '';
  return {
    uuid,
    name: v('name'),
    presenceId: v('presence_id'),
    direction: v('direction'),
    cidName: v('cid_name'),
    cidNumber: v('cid_num'),
    dest: v('dest'),
    callstate: v('callstate'),
  };
};

/** Every bridged pair of `show calls as json`, each way round: [this leg, the other party]. */
export function bridgedPairs(json: string): [CallSide, CallSide][] {
  const rows = (JSON.parse(json || '{}') as { rows?: Row[] }).rows ?? [];
  return rows.flatMap((row) => {
    const a = side(row, '');
    const b = side(row, 'b_');
    return a && b ? ([[a, b], [b, a]] as [CallSide, CallSide][]) : [];
  });
}

/** A call in progress (not ringing): both legs answered, perhaps on hold. */
const talking = (s: CallSide) => s.callstate === 'ACTIVE' || s.callstate === 'HELD';

/** The pairs whose first leg is the extension's (`user@domain`) and talking. */
export const callsOf = (pairs: [CallSide, CallSide][], aor: string): [CallSide, CallSide][] =>
  pairs.filter(([mine, other]) => mine.presenceId.toLowerCase() === aor.toLowerCase() && talking(mine) && talking(other));

/** `user@host` of a SIP contact (`<sip:abc@x.invalid;transport=ws>`, `sip:abc@x.invalid;…`). */
export function contactAddress(contact: string): string | undefined {
  const m = /sips?:([^@;>\s]+)@([^;>:\s]+)/i.exec(contact);
  return m ? `${m[1]}@${m[2]}`.toLowerCase() : undefined;
}

/** The leg FreeSWITCH placed to this contact (its channel name ends with it). */
export const placedTo = (leg: CallSide, address: string) => leg.name.toLowerCase().endsWith(`/${address}`);

/**
 * How the agent's phone named the other party: a caller by the caller ID
 * FreeSWITCH presented on the agent's leg (the directory's name, where the
 * caller's own leg has only what its phone sent), a called party by the
 * number the agent dialled.
 */
export function peerOf(mine: CallSide): { name: string; number: string } {
  if (mine.direction === 'outbound') return { name: mine.cidName || mine.cidNumber, number: mine.cidNumber };
  return { name: mine.dest, number: mine.dest };
}
