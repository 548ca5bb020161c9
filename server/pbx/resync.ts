// `show registrations as json` / `show channels as json` → the resync event.
// Pure: the connection runs the commands and hands their output here.
import type { Channel, Micros, PbxEvent, Registration } from './events.ts';

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

/** `url` is the dial string, `sofia/<profile>/sip:user@host:port`; the contact is what follows the profile. */
const contactFromUrl = (url: string) => url.replace(/^sofia\/[^/]+\//, '');

export function parseRegistrations(output: string): Registration[] {
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
        contact: contactFromUrl(str(r.url)),
        networkIp: str(r.network_ip),
        networkPort: int(r.network_port),
        // The registrations table does not keep the user agent.
        userAgent: '',
        expiresAt: int(r.expires),
      },
    ];
  });
}

export function parseChannels(output: string): Channel[] {
  return rows(output, 'channels').flatMap((r) => {
    const uuid = str(r.uuid);
    if (!uuid) return [];
    const presence = str(r.presence_id);
    const at = presence.lastIndexOf('@');
    const createdAt: Micros = int(r.created_epoch) * 1_000_000;
    const callstate = str(r.callstate);
    return [
      {
        uuid,
        direction: str(r.direction) === 'outbound' ? 'outbound' : 'inbound',
        domain: at === -1 ? undefined : presence.slice(at + 1) || undefined,
        extension: (at === -1 ? presence : presence.slice(0, at)) || undefined,
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

export function resyncEvent(at: Micros, registrationsOutput: string, channelsOutput: string): PbxEvent {
  return {
    kind: 'resync',
    at,
    registrations: parseRegistrations(registrationsOutput),
    channels: parseChannels(channelsOutput),
  };
}
