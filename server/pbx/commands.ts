// Intentions as ESL api commands: pure builders, run with pbx.api(). Every
// argument is checked against what FreeSWITCH accepts, so nothing a user
// typed can change the command.
import { AGENT_STATUSES, type AgentStatus } from '../../common/live.ts';

const WORD = /^[A-Za-z0-9_.+-]+$/;

export function word(value: string, what: string): string {
  if (!WORD.test(value)) throw new Error(`not a valid ${what}: ${JSON.stringify(value)}`);
  return value;
}

/** mod_callcenter names an extension's agent `<extension>@<domain>` (our convention). */
export const callcenterAgent = (extension: string, domain: string): string => `${word(extension, 'extension')}@${word(domain, 'domain')}`;

/** `callcenter_config agent set status`: FreeSWITCH answers +OK and fires agent-status-change, or -ERR. */
export function setAgentStatus(agent: string, status: AgentStatus): string {
  const [user = '', domain = ''] = agent.split('@');
  callcenterAgent(user, domain);
  if (!AGENT_STATUSES.includes(status)) throw new Error(`not an agent status: ${status}`);
  return `callcenter_config agent set status ${agent} '${status}'`;
}

/** `callcenter_config agent set wrap_up_time`: the seconds mod_callcenter rests the agent after a queue call. */
export function setAgentWrapUp(agent: string, seconds: number): string {
  const [user = '', domain = ''] = agent.split('@');
  callcenterAgent(user, domain);
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`not a wrap-up time: ${seconds}`);
  return `callcenter_config agent set wrap_up_time ${agent} ${seconds}`;
}

/** Drops FreeSWITCH's cached directory entry of one user, so the next lookup asks mod_xml_curl again. */
export const flushDirectoryEntry = (extension: string, domain: string): string =>
  `xml_flush_cache id ${word(extension, 'extension')} ${word(domain, 'domain')}`;

/** Drops every cached directory entry (each is asked for again when next needed). */
export const flushWholeDirectory = (): string => 'xml_flush_cache';

/** The sofia profile phones register to (freeswitch/conf/sip_profiles/internal.xml). */
export const PHONES_PROFILE = 'internal';

/**
 * Forgets the registrations of one extension, or of a whole domain (sofia's
 * `flush_inbound_reg <user>@<host>` / `@<host>`): each fires sofia::expire.
 * The phone learns of it only when it next registers, and is then asked for
 * its (perhaps new) password again.
 */
export const dropRegistrations = (domain: string, extension?: string): string =>
  `sofia profile ${PHONES_PROFILE} flush_inbound_reg ${extension === undefined ? '' : word(extension, 'extension')}@${word(domain, 'domain')}`;

/** Sets (or, with no value, unsets) a channel variable; a value is one word or an address (`1001@acme.pbx.test`). */
export function setChannelVariable(uuid: string, name: string, value?: string): string {
  if (value !== undefined && !/^[A-Za-z0-9_.+@-]+$/.test(value)) throw new Error(`not a valid value: ${JSON.stringify(value)}`);
  return `uuid_setvar ${word(uuid, 'uuid')} ${word(name, 'variable')}${value === undefined ? '' : ` ${value}`}`;
}

/** A channel variable's value; FreeSWITCH answers `_undef_` when it is not set. */
export const channelVariable = (uuid: string, name: string): string => `uuid_getvar ${word(uuid, 'uuid')} ${word(name, 'variable')}`;

/** Sends the channel (leaving any bridge) to `destination` in the tenant's context of the served dialplan. */
export const transferChannel = (uuid: string, destination: string, domain: string): string =>
  `uuid_transfer ${word(uuid, 'uuid')} ${word(destination, 'destination')} XML ${word(domain, 'domain')}`;
