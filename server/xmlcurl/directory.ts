// The directory entry FreeSWITCH asks for when a phone registers (sip_auth)
// or a call is routed to a user (user_call): credentials, dialplan context,
// caller ID, and the variables that carry DND and follow-me. Pure.
import { createHash } from 'node:crypto';
import { attr, document, pairs } from './xml.ts';

export interface DirectoryUser {
  number: string;
  domain: string;
  sipPassword: string;
  callerIdName: string;
  dnd: boolean;
  followMe: boolean;
  /** mod_voicemail takes messages for it (vm-enabled). */
  voicemail: boolean;
  /** What a caller from elsewhere enters to reach the box (vm-password); the extension's own phones need none (*97). */
  voicemailPin: string | null;
}

/** How FreeSWITCH reaches a user's registered devices (the vanilla directory's dial-string). */
export const DEFAULT_DIAL_STRING =
  '{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}}${sofia_contact(*/${dialed_user}@${dialed_domain})}';

/**
 * While DND is on, every `user/<ext>@<domain>` bridge fails at once with
 * USER_BUSY: plain calls, follow-me legs of other users, ring groups and
 * mod_callcenter's agent calls alike.
 */
export const DND_DIAL_STRING = 'error/user_busy';

/** Cache the entry this long (ms); we flush it the moment a setting changes. */
export const CACHE_MS = 60_000;

/** SIP digest HA1: the password itself never travels to FreeSWITCH. */
export const a1Hash = (user: string, realm: string, password: string) =>
  createHash('md5').update(`${user}:${realm}:${password}`).digest('hex');

export function directoryDocument(u: DirectoryUser): string {
  const params: [string, string][] = [
    ['a1-hash', a1Hash(u.number, u.domain, u.sipPassword)],
    ['dial-string', u.dnd ? DND_DIAL_STRING : DEFAULT_DIAL_STRING],
    ['vm-enabled', String(u.voicemail)],
    ...(u.voicemailPin ? ([['vm-password', u.voicemailPin]] as [string, string][]) : []),
  ];
  const variables: [string, string][] = [
    // The served dialplan's context is the tenant's domain.
    ['user_context', u.domain],
    ['domain_name', u.domain],
    ['effective_caller_id_name', u.callerIdName],
    ['effective_caller_id_number', u.number],
    ['do_not_disturb', String(u.dnd)],
    ['follow_me_enabled', String(u.followMe)],
  ];
  return document(
    'directory',
    [
      `    <domain name="${attr(u.domain)}">`,
      `      <user id="${attr(u.number)}" cacheable="${CACHE_MS}">`,
      '        <params>',
      pairs('param', params, '          '),
      '        </params>',
      '        <variables>',
      pairs('variable', variables, '          '),
      '        </variables>',
      '      </user>',
      '    </domain>',
    ].join('\n'),
  );
}
