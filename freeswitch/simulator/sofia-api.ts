// sofia's own registration table, as its api shows and changes it, where it
// differs from the core's table that `show registrations` reads:
//   `sofia xmlstatus profile <p> reg`                      sofia's rows (XML)
//   `sofia profile <p> flush_inbound_reg <call-id|user@host|@host>`
// sofia_reg_expire_call_id deletes sofia's rows and fires sofia::expire, but
// leaves the core's rows until they expire (mod_sofia.c, sofia_reg.c): the
// simulator keeps them the same way.
import type { SimRegistration } from './truth.ts';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `sofia xmlstatus profile <profile> reg` (sofia_reg.c's xml status callback, its fields in its order). */
export function sofiaRegistrationsXml(regs: Iterable<SimRegistration>, hostname: string, now: number): string {
  const rows = [...regs].map((r) =>
    [
      '    <registration>',
      `        <call-id>${escape(r.callId)}</call-id>`,
      `        <user>${escape(`${r.user}@${r.domain}`)}</user>`,
      `        <contact>${escape(r.contact)}</contact>`,
      `        <agent>${escape(r.userAgent)}</agent>`,
      `        <status>Registered(${r.networkProto.toUpperCase()})(unknown) expsecs(${Math.max(0, r.expiresEpoch - now)})</status>`,
      '        <ping-status>Reachable</ping-status>',
      '        <ping-time>0.00</ping-time>',
      `        <host>${escape(hostname)}</host>`,
      `        <network-ip>${r.networkIp}</network-ip>`,
      `        <network-port>${r.networkPort}</network-port>`,
      `        <sip-auth-user>${escape(r.user)}</sip-auth-user>`,
      `        <sip-auth-realm>${escape(r.domain)}</sip-auth-realm>`,
      `        <mwi-account>${escape(`${r.user}@${r.domain}`)}</mwi-account>`,
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
