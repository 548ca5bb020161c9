// Calls that outlive the agent's softphone. When a browser tab reloads,
// crashes or closes mid-call, JsSIP sends nothing (it has no unload hook):
// the WebSocket just closes. FreeSWITCH 1.10 then drops that registration
// (sofia.c, nua_i_media_error "SOCKET DISCONNECT": sofia::unregister with
// reason socket-disconnection) but leaves the call up, bridged to a leg
// nobody hears — no BYE, no media timeout on our profile. So when a
// registration goes away, each call of that very contact is handed to the
// served dialplan: the other party is moved (uuid_transfer) to
// switchboard-hold-<ext> (server/xmlcurl/resume.ts), which holds them for
// RESUME_SECONDS and then routes them as an unanswered call; meanwhile the
// extension's live state offers the call to its user's tabs, whose phone
// dials resume-<uuid> to take it back. A hang-up by the agent is a BYE: the
// call ends before any registration goes, and nothing here happens.
//
// Several nodes each hear the unregister: the held leg's RESUME_FOR
// variable, set first, says another node has it already.
import type { ResumableCall } from '../../common/live.ts';
import type { Deliver } from '../live/reach.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import { channelVariable, setChannelVariable, transferChannel } from '../pbx/commands.ts';
import { PbxCommandError, type Pbx } from '../pbx/connection.ts';
import type { PbxEvent } from '../pbx/events.ts';
import { HOLD_PREFIX, RESUME_FOR, RESUME_LEG } from '../xmlcurl/resume.ts';
import { bridgedPairs, callsOf, contactAddress, peerOf, placedTo, type CallSide } from './legs.ts';

export interface HoldDeps {
  pbx: Pick<Pbx, 'api' | 'onEvent'>;
  live: Pick<LiveStore, 'tenantState' | 'tenantIdOfDomain'>;
  deliver: Deliver;
  log: Pick<Log, 'warn' | 'info'>;
  /** RESUME_SECONDS. */
  seconds: number;
}

const UNDEFINED = '_undef_';

/**
 * A softphone whose network blinked (Wi-Fi to cable, a VPN) loses its
 * WebSocket too, but its tab lives on: it registers again with the same
 * Call-ID within seconds (JsSIP keeps one per page) and restarts ICE on the
 * very same call (client/src/softphone/recovery.ts). Its old socket's close
 * may reach FreeSWITCH just before or just after that REGISTER, so a
 * registration of the same Call-ID this close to the unregister, either
 * side, means the phone is back: nothing to hold.
 */
export const BACK_WITHIN_MS = 4_000;

export function holdVanishedCalls(deps: HoldDeps) {
  /** Each registration's contact address and server, by its Call-ID: an unregister names only the Call-ID. */
  const contacts = new Map<string, { address: string; server: string | undefined }>();
  /** When each Call-ID last registered (epoch ms). */
  const registeredAt = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();

  const getvar = async (uuid: string, name: string) => {
    const value = (await deps.pbx.api(channelVariable(uuid, name))).trim();
    return value === UNDEFINED ? '' : value;
  };

  /** Is this leg the one the vanished contact had? A leg FreeSWITCH placed to it is named after it; a leg it placed carries it. */
  async function ofContact(leg: CallSide, address: string): Promise<boolean> {
    if (placedTo(leg, address)) return true;
    if (leg.direction !== 'inbound') return false;
    const [user, host] = await Promise.all([getvar(leg.uuid, 'sip_contact_user'), getvar(leg.uuid, 'sip_contact_host')]);
    return `${user}@${host}`.toLowerCase() === address;
  }

  async function hold(tenantId: string, domain: string, extension: string, mine: CallSide, other: CallSide): Promise<void> {
    const aor = `${extension}@${domain}`;
    if (await getvar(other.uuid, RESUME_FOR)) return; // another node holds it already
    await deps.pbx.api(setChannelVariable(other.uuid, RESUME_FOR, aor));
    await deps.pbx.api(setChannelVariable(other.uuid, RESUME_LEG, mine.uuid));
    await deps.pbx.api(transferChannel(other.uuid, `${HOLD_PREFIX}${extension}`, domain));
    const call: ResumableCall = { uuid: other.uuid, ...peerOf(mine), until: Date.now() + deps.seconds * 1000 };
    deps.log.info(`softphone of ${aor} went away mid-call: ${call.number} (${other.uuid}) held for ${deps.seconds} s`);
    deps.deliver({ kind: 'call-held-for-resume', tenantId, extension, call }, 'every-node');
    // The dialplan routes the call on by itself; this only takes the offer off the screens.
    const timer = setTimeout(() => {
      timers.delete(timer);
      deps.deliver({ kind: 'call-resume-over', tenantId, extension, uuid: other.uuid }, 'every-node');
    }, deps.seconds * 1000);
    timers.add(timer);
  }

  async function vanished(user: string, domain: string, address: string): Promise<void> {
    const tenantId = deps.live.tenantIdOfDomain(domain);
    if (!tenantId) return;
    const calls = callsOf(bridgedPairs(await deps.pbx.api('show calls as json')), `${user}@${domain}`);
    for (const [mine, other] of calls) {
      if (await ofContact(mine, address)) await hold(tenantId, domain.toLowerCase(), user, mine, other);
    }
  }

  const off = deps.pbx.onEvent((event: PbxEvent) => {
    if (event.kind === 'registered') {
      const address = contactAddress(event.registration.contact);
      if (address) contacts.set(event.registration.callId, { address, server: event.server });
      registeredAt.set(event.registration.callId, Date.now());
    } else if (event.kind === 'resync') {
      // One server's read-back: the other servers' registrations stand.
      for (const [callId, known] of contacts) if (known.server === event.server) contacts.delete(callId);
      for (const r of event.registrations) {
        const address = contactAddress(r.contact);
        if (address) contacts.set(r.callId, { address, server: event.server });
      }
    } else if (event.kind === 'unregistered') {
      const { callId } = event;
      const address = contacts.get(callId)?.address;
      contacts.delete(callId);
      if (!address) return;
      // Only an extension on a call has anything to hold: phones come and go all day,
      // and asking FreeSWITCH for its calls at each of them loaded the whole live path.
      const tenantId = deps.live.tenantIdOfDomain(event.domain);
      if (!tenantId || !deps.live.tenantState(tenantId)?.legsOf.get(event.user)?.size) return;
      const goneAt = Date.now();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if ((registeredAt.get(callId) ?? 0) >= goneAt - BACK_WITHIN_MS) return;
        registeredAt.delete(callId);
        vanished(event.user, event.domain, address).catch((err: Error) => {
          // The call ended meanwhile (-ERR No such channel): nothing to hold.
          if (err instanceof PbxCommandError) return;
          deps.log.warn(`could not hold the call of ${event.user}@${event.domain}: ${err.message}`);
        });
      }, BACK_WITHIN_MS);
      timers.add(timer);
    }
  });

  return {
    async close() {
      off();
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
