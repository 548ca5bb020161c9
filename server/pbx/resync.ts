// `show registrations as json` / `show channels as json` → the resync event.
// Pure: the connection runs the commands and hands their output here.
import { contactFromDialString } from './contact.ts';
import type { Channel, Micros, PbxEvent, Registration } from './events.ts';
import { fsDirection } from './direction.ts';
import { splitAddress } from './headers.ts';

type Row = Record<string, unknown>;

export class ShowError extends Error {}

/** mod_commands prints `{"row_count": 0}` without `rows` when the table is empty, and `-ERR …` on failure. */
function rows(output: string, what: string): Row[] {
  const text = output.trim();
  if (text.startsWith('-ERR')) throw new ShowError(`show ${what}: ${text}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ShowError(`show ${what}: not JSON: ${text.slice(0, 80)}`);
  }
  if (!parsed || typeof parsed !== 'object') throw new ShowError(`show ${what}: unexpected answer`);
  const list = (parsed as { rows?: unknown }).rows;
  return Array.isArray(list) ? list.filter((r): r is Row => !!r && typeof r === 'object') : [];
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const int = (v: unknown): number => {
  const n = Number.parseInt(str(v), 10);
  return Number.isFinite(n) ? n : 0;
};

/** FreeSWITCH's default sip-expires-late-margin, when the PBX does not say (vars.xml sip_expires_late_margin). */
export const DEFAULT_LATE_MARGIN_S = 60;

/** The global variable freeswitch/conf/vars.xml sets the internal profile's sip-expires-late-margin from. */
export const LATE_MARGIN_VARIABLE = 'sip_expires_late_margin';

/** `global_getvar sip_expires_late_margin`: a number of seconds, or empty / -ERR when unset. */
export function lateMarginFrom(output: string): number {
  const text = output.trim();
  return /^\d+$/.test(text) ? Number(text) : DEFAULT_LATE_MARGIN_S;
}

/**
 * `expires` is when sofia drops the row: reg time + the device's expires +
 * the profile's sip-expires-late-margin. A device's own expiry (what
 * sofia::register's `expires` counts to) is that minus the margin.
 */
export function parseRegistrations(output: string, lateMarginS = DEFAULT_LATE_MARGIN_S): Registration[] {
  return rows(output, 'registrations').flatMap((r) => {
    const user = str(r.reg_user);
    const domain = str(r.realm);
    const callId = str(r.token);
    if (!user || !domain || !callId) return [];
    return [
      {
        user,
        domain,
        callId,
        contact: contactFromDialString(str(r.url)),
        networkIp: str(r.network_ip),
        networkPort: int(r.network_port),
        // The registrations table does not keep the user agent.
        userAgent: '',
        expiresAt: int(r.expires) > 0 ? int(r.expires) - lateMarginS : 0,
      },
    ];
  });
}

export function parseChannels(output: string): Channel[] {
  return rows(output, 'channels').flatMap((r) => {
    const uuid = str(r.uuid);
    if (!uuid) return [];
    const [presenceUser, presenceHost] = splitAddress(str(r.presence_id));
    const createdAt: Micros = int(r.created_epoch) * 1_000_000;
    const callstate = str(r.callstate);
    return [
      {
        uuid,
        direction: fsDirection(str(r.direction)),
        domain: presenceHost || undefined,
        extension: presenceUser || undefined,
        callerIdName: str(r.cid_name),
        callerIdNumber: str(r.cid_num),
        destination: str(r.dest),
        // The channels table has no answer time; an answered call counts from its creation.
        answeredAt: callstate === 'ACTIVE' || callstate === 'HELD' ? createdAt : 0,
        createdAt,
      },
    ];
  });
}

/** The phones' sofia profile, whose own registration table the resync checks the core's against. */
export const SOFIA_REGISTRATIONS = 'sofia xmlstatus profile internal reg';

/**
 * The Call-IDs sofia itself holds (`sofia xmlstatus profile internal reg`),
 * or undefined when the answer is not that XML (no such profile, an older
 * FreeSWITCH): then nothing is filtered. sofia writes the Call-ID as it is,
 * unescaped (only the contact and agent are escaped).
 */
export function parseSofiaCallIds(output: string): Set<string> | undefined {
  if (!/<registrations>/.test(output)) return undefined;
  return new Set([...output.matchAll(/<call-id>([^<]*)<\/call-id>/g)].map((m) => m[1]!));
}

/**
 * FreeSWITCH keeps two registration tables. `show registrations` reads the
 * core's, which sofia's `flush_inbound_reg` (an admin dropping a phone) does
 * not clean: the row stays until it expires, while sofia, which routes the
 * calls, no longer knows the phone. sofia's table is the truth: a core row
 * whose Call-ID sofia does not hold is left out.
 */
export function resyncEvent(
  at: Micros,
  registrationsOutput: string,
  channelsOutput: string,
  lateMarginS = DEFAULT_LATE_MARGIN_S,
  sofiaOutput = '',
): PbxEvent {
  const sofia = parseSofiaCallIds(sofiaOutput);
  return {
    kind: 'resync',
    at,
    registrations: parseRegistrations(registrationsOutput, lateMarginS).filter((r) => !sofia || sofia.has(r.callId)),
    channels: parseChannels(channelsOutput),
  };
}
