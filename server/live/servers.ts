// Several FreeSWITCH servers, as the pure reducers see them: each holds its
// own registrations and channels (state.devicesOn, state.channelOn), and
// what the screen shows is their union. A phone that moved to another server
// (or is registered on two) is one device: the same Call-ID or contact.
import type { Device } from '../../common/live.ts';
import type { FromServer } from '../pbx/events.ts';
import type { TenantState } from './state.ts';

/** The server an event came from: '' with a single FreeSWITCH, whose events say none. */
export const serverOf = (event: FromServer): string => event.server ?? '';

/** What `server` holds of `extension`'s registrations. */
export const devicesOf = (state: TenantState, server: string, extension: string): Device[] =>
  state.devicesOn.get(server)?.get(extension) ?? [];

/** Whether the live channel or leg `uuid` is one of `server`'s. */
export const heldBy = (state: TenantState, uuid: string, server: string): boolean => (state.channelOn.get(uuid) ?? '') === server;

const sameDevice = (a: Device, b: Device) => a.callId === b.callId || (a.contact !== '' && a.contact === b.contact);

/**
 * The devices of `extension` on every server, `server`'s being `own`: each
 * server's in its order, a device a later server also holds counted once
 * (the copy that runs out last, the newest word). With one server: `own`.
 */
export function unionOf(state: TenantState, extension: string, server: string, own: Device[]): Device[] {
  const servers = new Set([...state.devicesOn.keys(), server]);
  const union: Device[] = [];
  for (const s of servers) {
    const earlier = union.length;
    for (const device of s === server ? own : devicesOf(state, s, extension)) {
      const i = union.slice(0, earlier).findIndex((d) => sameDevice(d, device));
      if (i < 0) union.push(device);
      else if (device.expiresAt > union[i]!.expiresAt) union[i] = device;
    }
  }
  return union;
}
