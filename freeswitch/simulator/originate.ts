// `originate` of calls that are not faxes, and `uuid_kill`, answered the way
// switch_ivr_originate and mod_commands answer them. A registered phone the
// simulator rings answers at once; the errors are FreeSWITCH's words
// (recorded in tests/fixtures/freeswitch/pbx.json).
import { parseOriginate } from './fax.ts';
import type { SimRegistration } from './truth.ts';

export interface OriginateHost {
  registrations(): Iterable<SimRegistration>;
  /** The directory: does user@domain exist? */
  userExists(user: string, domain: string): boolean;
  gatewayExists(name: string): boolean;
  /** Rings the device and lets it answer; returns the channel's uuid. */
  ringAndAnswer(device: SimRegistration, vars: Record<string, string>): string;
  /** Hangs a live channel up; false when there is none with that uuid. */
  kill(uuid: string, cause: string): boolean;
  /** The answered leg runs `eavesdrop(<target>)` (eavesdrop.ts). */
  eavesdrop(uuid: string, target: string): void;
  /** mod_commands' `uuid_recv_dtmf`. */
  recvDtmf(args: string[]): string;
}

/** The api answer for the commands this plays, undefined for any other (a txfax is mod_spandsp's). */
export function originateApi(command: string, host: OriginateHost): string | undefined {
  const [name = '', ...args] = command.trim().split(/\s+/);
  if (name === 'uuid_kill') {
    // mod_commands: `uuid_kill <uuid> [cause]`.
    return host.kill(args[0] ?? '', args[1] ?? 'NORMAL_CLEARING') ? '+OK\n' : '-ERR No such channel!\n';
  }
  if (name === 'uuid_recv_dtmf') return host.recvDtmf(args);
  if (name !== 'originate') return undefined;
  const o = parseOriginate(command);
  if (!o) return '-ERR INVALID_COMMAND\n';
  const gateway = /^sofia\/gateway\/([^/]+)\//.exec(o.dialString);
  // sofia refuses a gateway it does not know before any channel exists.
  if (gateway && !host.gatewayExists(gateway[1]!)) return '-ERR INVALID_GATEWAY\n';
  if (o.app === 'txfax') return undefined;
  const user = /^user\/([^@]+)@(.+)$/.exec(o.dialString);
  // Outside numbers and other endpoints are not played here.
  if (!user) return '-ERR CHAN_NOT_IMPLEMENTED\n';
  const [, ext, domain] = user as unknown as [string, string, string];
  if (!host.userExists(ext, domain)) return '-ERR SUBSCRIBER_ABSENT\n';
  const device = [...host.registrations()].find((r) => r.user === ext && r.domain === domain);
  if (!device) return '-ERR USER_NOT_REGISTERED\n';
  const uuid = host.ringAndAnswer(device, o.vars);
  if (o.app === 'eavesdrop') host.eavesdrop(uuid, o.appArg.trim());
  return `+OK ${uuid}\n`;
}
