// Pure reducers: (tenant state, event already routed to this tenant) → changes.
// They never mutate the state they are given.
import { assertNever } from '../../common/exhaustive.ts';
import { extensionScope, type Device, type ExtensionLive, type QueueLive, type ResumableCall } from '../../common/live.ts';
import type { Channel, PbxEvent, Registration } from '../pbx/events.ts';
import { breakChanged, phoneChanged, readyNow, reduceCallCenter, resyncCallCenter, setterChanged, todayCounted } from './callcenter.ts';
import type { Change } from './changes.ts';
import { legOf, sameLeg } from './presence.ts';
import { resumableAdded, resumableGone, resumableHungUp } from './resumable.ts';
import { devicesOf, heldBy, serverOf, unionOf } from './servers.ts';
import { resyncVoicemail, voicemailCounted } from './voicemail.ts';
import { supervisionChanged, supervisionHungUp, supervisionsGone } from './supervision.ts';
import type { AgentBreakInfo, AgentSetter, Supervision, TenantState } from './state.ts';

/** Today's figures of one queue (server/reports/today.ts reads them). */
export type QueueToday = Pick<QueueLive, 'day' | 'answered' | 'abandoned' | 'waitSeconds' | 'answeredWithinThreshold'> &
  Required<Pick<QueueLive, 'offered' | 'longestWaitSeconds'>>;

/** Events the live state understands that do not come from the PBX. */
export type AppEvent =
  | { kind: 'dnd-changed'; tenantId: string; extension: string; dnd: boolean }
  /** `version` counts the tenant's balance changes (tenants.credit_version): nodes may deliver them out of order. */
  | { kind: 'credit-changed'; tenantId: string; credit: string; version?: number }
  /** The tenant's fax rows were counted again after one was added (absolute, so replaying it is harmless). */
  | { kind: 'fax-counted'; tenantId: string; faxInbound: number; faxOutbound: number }
  /** An agent's break reason was saved (null: the agent is on no break we know the reason of). */
  | { kind: 'agent-break'; tenantId: string; agent: string; break: AgentBreakInfo | null }
  /** A supervisor set the agent's status (null: the agent changed it since, or FreeSWITCH refused it). */
  | { kind: 'agent-setter'; tenantId: string; agent: string; setter: AgentSetter | null }
  /** The agent ended their wrap-up early ("Ready now"): mod_callcenter may offer the next call at once. */
  | { kind: 'agent-ready'; tenantId: string; agent: string }
  /** A call of the extension is held for its softphone to take back (server/resume/hold.ts). */
  | { kind: 'call-held-for-resume'; tenantId: string; extension: string; call: ResumableCall }
  /** That held call was taken back, or its time ran out. */
  | { kind: 'call-resume-over'; tenantId: string; extension: string; uuid: string }
  /** A queue's figures for today, read from the stored visits (server/reports/): absolute, so replaying it is harmless. */
  | { kind: 'queue-today'; tenantId: string; queue: string; today: QueueToday }
  /** A supervisor joined an extension's call or changed mode (server/supervise/); null: they left. */
  | { kind: 'supervision'; tenantId: string; extension: string; supervision: Supervision | null };

export type LiveEvent = PbxEvent | AppEvent;

export const toDevice = (r: Registration): Device => ({
  callId: r.callId,
  contact: r.contact,
  networkIp: r.networkIp,
  networkPort: r.networkPort,
  userAgent: r.userAgent,
  expiresAt: r.expiresAt,
});

export function reduceTenant(state: TenantState, event: LiveEvent): Change[] {
  switch (event.kind) {
    case 'registered': {
      const ext = state.extensions.get(event.registration.user);
      if (!ext) return [];
      const server = serverOf(event);
      const device = toDevice(event.registration);
      // multiple-registrations=contact: a REGISTER from a contact sofia already
      // holds (a phone that restarted with a new Call-ID) replaces that row
      // without any event, in sofia's table and in show registrations alike.
      const others = devicesOf(state, server, ext.number).filter((d) => d.callId !== device.callId && !(device.contact && d.contact === device.contact));
      return devicesOn(state, ext, server, [...others, device]);
    }
    case 'unregistered': {
      const ext = state.extensions.get(event.user);
      const server = serverOf(event);
      const own = ext ? devicesOf(state, server, ext.number) : [];
      if (!ext || !own.some((d) => d.callId === event.callId)) return [];
      return devicesOn(
        state,
        ext,
        server,
        own.filter((d) => d.callId !== event.callId),
      );
    }
    case 'channel-created': {
      // A call has one inbound leg (the caller's) and one or more outbound
      // legs; counting inbound legs counts calls.
      const server = event.server;
      const counted = !isCallLeg(event.channel) || state.channels.has(event.channel.uuid) ? [] : channelCount(state, event.channel.uuid, true, server);
      const leg = state.legs.has(event.channel.uuid) ? null : legOf(event.channel, state.extensions);
      return leg ? [...counted, { kind: 'leg', uuid: event.channel.uuid, leg, ...(server !== undefined && { server }) }] : counted;
    }
    case 'channel-answered': {
      const leg = state.legs.get(event.uuid);
      return leg && !leg.answeredAt ? [{ kind: 'leg', uuid: event.uuid, leg: { ...leg, answeredAt: event.answeredAt } }] : [];
    }
    case 'channel-hangup-complete': {
      const { uuid } = event.channel;
      const counted = state.channels.has(uuid) ? channelCount(state, uuid, false) : [];
      const held = [...resumableHungUp(state, uuid, event.channel.destination), ...supervisionHungUp(state, uuid)];
      return state.legs.has(uuid) ? [...counted, ...held, { kind: 'leg', uuid, leg: null }] : [...counted, ...held];
    }
    case 'resync': {
      // What this server read back replaces its own part only; the other servers' calls go on.
      const server = serverOf(event);
      const read = resync(state, server, event.registrations, event.channels);
      const phones = new Set([...event.registrations.map((r) => r.user), ...read.withPhone]);
      const elsewhere = [...state.channelOn.keys()].filter((uuid) => !heldBy(state, uuid, server));
      return [
        ...read.changes,
        ...supervisionsGone(state, new Set([...event.channels.map((c) => c.uuid), ...elsewhere])),
        // Without mod_callcenter's read-back (another server runs the queues): each agent who gained or lost its only phone.
        ...(event.callcenter
          ? resyncCallCenter(state, event.callcenter, phones, event.at)
          : read.phoneFlipped.flatMap((number) => phoneChanged(state, number, read.withPhone.has(number)))),
        ...(event.voicemail ? resyncVoicemail(state, event.voicemail) : []),
      ];
    }
    case 'agent-status-change':
    case 'agent-state-change':
    case 'agent-offering':
    case 'bridge-agent-start':
    case 'bridge-agent-end':
    case 'bridge-agent-fail':
    case 'member-queue-start':
    case 'member-queue-end':
    case 'members-count':
      return reduceCallCenter(state, event);
    case 'link':
      return state.figures.pbxConnected === event.up
        ? []
        : [{ kind: 'scope', scope: 'tenant', set: { pbxConnected: event.up } }];
    case 'dnd-changed': {
      const ext = state.extensions.get(event.extension);
      if (!ext || ext.dnd === event.dnd) return [];
      return [{ kind: 'scope', scope: extensionScope(ext.number), set: { dnd: event.dnd } }];
    }
    case 'fax-counted': {
      const { faxInbound, faxOutbound } = event;
      return state.dashboard.faxInbound === faxInbound && state.dashboard.faxOutbound === faxOutbound
        ? []
        : [{ kind: 'scope', scope: 'figures', set: { faxInbound, faxOutbound } }];
    }
    case 'message-waiting':
      return voicemailCounted(state, event);
    case 'agent-break':
      return breakChanged(state, event.agent, event.break);
    case 'agent-setter':
      return setterChanged(state, event.agent, event.setter);
    case 'agent-ready':
      return readyNow(state, event.agent);
    case 'call-held-for-resume':
      return resumableAdded(state, event.extension, event.call);
    case 'call-resume-over':
      return resumableGone(state, event.extension, event.uuid);
    case 'queue-today':
      return todayCounted(state, event.queue, event.today);
    case 'supervision':
      return supervisionChanged(state, event.extension, event.supervision);
    case 'credit-changed': {
      const shown = state.figures.creditVersion;
      if (event.version !== undefined && shown !== undefined && event.version <= shown) return [];
      const set: Partial<typeof state.figures> = {};
      if (state.figures.credit !== event.credit) set.credit = event.credit;
      if (event.version !== undefined && event.version !== shown) set.creditVersion = event.version;
      return Object.keys(set).length ? [{ kind: 'scope', scope: 'tenant', set }] : [];
    }
    case 'heartbeat':
    // Fax results change database rows; server/fax/ counts them and says so with fax-counted.
    case 'txfax-result':
    case 'rxfax-result':
    // A bgapi job's output: server/fax/ reads failed originates from it.
    case 'background-job':
    // Only a request: the DND change it leads to arrives as dnd-changed once saved.
    case 'dnd-dialled':
      return [];
    default:
      return assertNever(event, 'live event');
  }
}

/** `server` now holds `own` of the extension's registrations: the union on screen follows. */
function devicesOn(state: TenantState, ext: ExtensionLive, server: string, own: Device[]): Change[] {
  return [{ kind: 'devices-on', server, extension: ext.number, devices: own }, ...devicesChanged(state, ext, unionOf(state, ext.number, server, own))];
}

function devicesChanged(state: TenantState, ext: ExtensionLive, devices: Device[]): Change[] {
  const { dashboard } = state;
  const wasActive = ext.devices.length > 0 ? 1 : 0;
  const isActive = devices.length > 0 ? 1 : 0;
  const changes: Change[] = [{ kind: 'scope', scope: extensionScope(ext.number), set: { devices } }];
  // An agent whose last phone went (or whose first came back): every queue shows it.
  if (wasActive !== isActive) changes.push(...phoneChanged(state, ext.number, isActive === 1));
  const deviceDelta = devices.length - ext.devices.length;
  if (deviceDelta !== 0 || wasActive !== isActive) {
    changes.push({
      kind: 'scope',
      scope: 'figures',
      set: {
        devices: dashboard.devices + deviceDelta,
        activeExtensions: dashboard.activeExtensions + isActive - wasActive,
      },
    });
  }
  return changes;
}

const isCallLeg = (c: Channel) => c.direction === 'inbound';

function channelCount(state: TenantState, uuid: string, up: boolean, server?: string): Change[] {
  return [
    { kind: 'channel', uuid, up, ...(server !== undefined && { server }) },
    { kind: 'scope', scope: 'figures', set: { activeCalls: state.dashboard.activeCalls + (up ? 1 : -1) } },
  ];
}

/** The legs `show channels` lists, against the ones `server` held: gone, new and changed (an answer we missed). */
function resyncLegs(state: TenantState, server: string, channels: Channel[]): Change[] {
  const changes: Change[] = [];
  const seen = new Set<string>();
  for (const channel of channels) {
    const leg = legOf(channel, state.extensions);
    if (!leg) continue;
    seen.add(channel.uuid);
    const held = state.legs.get(channel.uuid);
    // The channels table has no answer time: keep the one the event gave.
    const next = held?.answeredAt && leg.answeredAt ? { ...leg, answeredAt: held.answeredAt, createdAt: held.createdAt } : leg;
    if (!held || !sameLeg(held, next)) changes.push({ kind: 'leg', uuid: channel.uuid, leg: next, server });
  }
  for (const uuid of state.legs.keys()) if (!seen.has(uuid) && heldBy(state, uuid, server)) changes.push({ kind: 'leg', uuid, leg: null });
  return changes;
}

const sameDevices = (a: Device[], b: Device[]) =>
  a.length === b.length &&
  a.every((d, i) => {
    const o = b[i]!;
    return (
      d.callId === o.callId &&
      d.contact === o.contact &&
      d.expiresAt === o.expiresAt &&
      d.networkIp === o.networkIp &&
      d.networkPort === o.networkPort &&
      d.userAgent === o.userAgent
    );
  });

/**
 * `show registrations` has no user-agent column and gives the contact as a
 * dial string; for a device we already know (same REGISTER Call-ID) keep what
 * its sofia::register event told us.
 */
function fromResync(r: Registration, known: Device | undefined): Device {
  const device = toDevice(r);
  if (!known) return device;
  return { ...device, contact: known.contact, userAgent: r.userAgent || known.userAgent };
}

/**
 * After a reconnect the PBX's answer is the truth: replace, don't merge (what
 * `server` held; the other servers' part stays). Also says which extensions
 * have a phone on any server now, and whose having one changed.
 */
function resync(
  state: TenantState,
  server: string,
  registrations: Registration[],
  channels: Channel[],
): { changes: Change[]; withPhone: Set<string>; phoneFlipped: string[] } {
  const byExtension = new Map<string, Device[]>();
  for (const r of registrations) {
    const ext = state.extensions.get(r.user);
    if (!ext) continue;
    const list = byExtension.get(r.user) ?? [];
    list.push(fromResync(r, ext.devices.find((d) => d.callId === r.callId)));
    byExtension.set(r.user, list);
  }
  const changes: Change[] = [];
  const withPhone = new Set<string>();
  const phoneFlipped: string[] = [];
  const byCallId = (a: Device, b: Device) => a.callId.localeCompare(b.callId);
  let devices = 0;
  let activeExtensions = 0;
  for (const ext of state.extensions.values()) {
    const own = (byExtension.get(ext.number) ?? []).sort(byCallId);
    const before = devicesOf(state, server, ext.number);
    if (!sameDevices([...before].sort(byCallId), own)) changes.push({ kind: 'devices-on', server, extension: ext.number, devices: own });
    const next = unionOf(state, ext.number, server, own).sort(byCallId);
    devices += next.length;
    if (next.length) {
      activeExtensions++;
      withPhone.add(ext.number);
    }
    if ((next.length > 0) !== (ext.devices.length > 0)) phoneFlipped.push(ext.number);
    const current = [...ext.devices].sort(byCallId);
    if (!sameDevices(current, next)) {
      changes.push({ kind: 'scope', scope: extensionScope(ext.number), set: { devices: next } });
    }
  }
  const live = new Set(channels.filter(isCallLeg).map((c) => c.uuid));
  let calls = state.channels.size;
  for (const uuid of state.channels) {
    if (live.has(uuid) || !heldBy(state, uuid, server)) continue;
    changes.push({ kind: 'channel', uuid, up: false });
    calls--;
  }
  for (const uuid of live) {
    if (state.channels.has(uuid)) continue;
    changes.push({ kind: 'channel', uuid, up: true, server });
    calls++;
  }
  changes.push(...resyncLegs(state, server, channels));

  const { dashboard } = state;
  const set: Partial<typeof dashboard> = {};
  if (dashboard.devices !== devices) set.devices = devices;
  if (dashboard.activeExtensions !== activeExtensions) set.activeExtensions = activeExtensions;
  if (dashboard.activeCalls !== calls) set.activeCalls = calls;
  if (Object.keys(set).length) changes.push({ kind: 'scope', scope: 'figures', set });
  return { changes, withPhone, phoneFlipped };
}
