// sofia's own registration table, as its api shows and changes it, where it
// differs from the core's table that `show registrations` reads:
//   `sofia xmlstatus profile <p> reg`                      sofia's rows (XML)
//   `sofia profile <p> flush_inbound_reg <call-id|user@host|@host>`
// sofia_reg_expire_call_id deletes sofia's rows and fires sofia::expire, but
// leaves the core's rows until they expire (mod_sofia.c, sofia_reg.c): the
// simulator keeps them the same way.
import { localDateTime } from './event.ts';
import { registrationStatus } from './sofia.ts';
import type { SimRegistration } from './truth.ts';

/** switch_amp_encode: what sofia escapes in the contact and the user agent (the other values it writes as they are). */
const ampEncode = (s: string) =>
  s.replace(/[&"'<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' })[c]!);
/** switch_url_encode: control and non-ASCII bytes and SWITCH_URL_UNSAFE, as %XX (sip-auth-user). */
const urlEncode = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (b < 0x20 || b > 0x7e || '\r\n #%&+:;<=>?@[\\]^`{|}"'.includes(String.fromCharCode(b)) ? `%${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b)))
    .join('');

/**
 * `sofia xmlstatus profile <profile> reg`: show_reg_callback_xml's lines in
 * its order and indentation (recorded in tests/fixtures/freeswitch/pbx.json).
 * `exp(…)` is sofia's expiry (registration + expires + the late margin) in
 * local time, `expsecs(…)` the seconds until then; sofia never pings our
 * phones, so they stay Reachable in 0.00 ms.
 */
export function sofiaRegistrationsXml(regs: Iterable<SimRegistration>, hostname: string, nowS: number): string {
  const rows = [...regs].map((r) =>
    [
      '    <registration>',
      `        <call-id>${r.callId}</call-id>`,
      `        <user>${r.user}@${r.domain}</user>`,
      `        <contact>${ampEncode(r.contact)}</contact>`,
      `        <agent>${ampEncode(r.userAgent)}</agent>`,
      `        <status>${registrationStatus(r)}(unknown) exp(${localDateTime(r.expiresEpoch * 1_000_000)}) expsecs(${r.expiresEpoch - nowS})</status>`,
      '        <ping-status>Reachable</ping-status>',
      '        <ping-time>0.00</ping-time>',
      `        <host>${hostname}</host>`,
      `        <network-ip>${r.networkIp}</network-ip>`,
      `        <network-port>${r.networkPort}</network-port>`,
      `        <sip-auth-user>${urlEncode(r.user)}</sip-auth-user>`,
      `        <sip-auth-realm>${r.domain}</sip-auth-realm>`,
      `        <mwi-account>${r.user}@${r.domain}</mwi-account>`,
      '    </registration>',
    ].join('\n'),
  );
  return ['<?xml version="1.0" encoding="ISO-8859-1"?>', '<profile>', '  <registrations>', ...rows, '  </registrations>', '</profile>', ''].join('\n');
}

export type SofiaCommand = { kind: 'xmlstatus-reg'; profile: string } | { kind: 'flush-inbound-reg'; profile: string; target: string };

/** The sofia commands the simulator plays, or undefined for any other command. */
export function sofiaCommand(command: string): SofiaCommand | undefined {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'sofia') return undefined;
  if (words[1] === 'xmlstatus' && words[2] === 'profile' && words[4] === 'reg' && words[3]) return { kind: 'xmlstatus-reg', profile: words[3] };
  if (words[1] === 'profile' && words[3] === 'flush_inbound_reg' && words[2] && words[4]) return { kind: 'flush-inbound-reg', profile: words[2], target: words[4] };
  return undefined;
}

/** The rows `flush_inbound_reg <target>` removes: by Call-ID, by user@host, or every row of @host. */
export function flushMatches(r: SimRegistration, target: string): boolean {
  if (r.callId === target) return true;
  const at = target.indexOf('@');
  if (at === -1) return r.domain === target;
  const user = target.slice(0, at);
  return r.domain === target.slice(at + 1) && (user === '' || r.user === user);
}
