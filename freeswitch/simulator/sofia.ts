// The CUSTOM sofia::register / unregister / expire events, with the headers
// sofia_reg.c adds, in its order.
import type { EventStamper } from './event.ts';
import { SimEvent } from './event.ts';
import type { SimRegistration } from './truth.ts';

/**
 * sofia's reg_desc for a device: the register event's `status`, and the
 * status column of its own table (`sofia xmlstatus … reg`). The simulator's
 * phones sit behind NAT on UDP.
 */
export const registrationStatus = (r: SimRegistration): string => `Registered(${r.networkProto.toUpperCase()}${r.networkProto === 'udp' ? '-NAT' : ''})`;

export function registerEvent(s: EventStamper, r: SimRegistration): SimEvent {
  const subclass = 'sofia::register';
  const h = s.stamp('CUSTOM', subclass, 'sofia_reg.c', 'sofia_reg_handle_register_token', 2059);
  h.push(
    'profile-name', r.profile,
    'from-user', r.user,
    'from-host', r.domain,
    // The profile's presence-hosts param, which ours does not set.
    'presence-hosts', 'n/a',
    'contact', r.contact,
    'call-id', r.callId,
    'rpid', 'unknown',
    'status', registrationStatus(r),
    'expires', String(r.expires),
    'to-user', r.user,
    'to-host', r.domain,
    'network-ip', r.networkIp,
    'network-port', String(r.networkPort),
    'username', r.user,
    'realm', r.domain,
    'user-agent', r.userAgent,
    ...directoryVariables(r),
  );
  return new SimEvent('CUSTOM', subclass, h);
}

/**
 * After its own headers sofia adds the digest user's directory entry: the
 * auth parameters and the user's variables (recorded in
 * tests/fixtures/freeswitch/pbx.json). The variables our directory serves
 * beyond these (caller ID, DND, follow-me) the simulator does not know.
 */
const directoryVariables = (r: SimRegistration) => [
  'sip_number_alias', r.user,
  'sip_auth_username', r.user,
  'sip_auth_realm', r.domain,
  'number_alias', r.user,
  'user_name', r.user,
  'user_context', r.domain,
  'domain_name', r.domain,
];

export function unregisterEvent(s: EventStamper, r: SimRegistration): SimEvent {
  const subclass = 'sofia::unregister';
  const h = s.stamp('CUSTOM', subclass, 'sofia_reg.c', 'sofia_reg_handle_register_token', 2213);
  h.push(
    'profile-name', r.profile,
    'username', r.user,
    'from-user', r.user,
    'from-host', r.domain,
    'contact', r.contact,
    'call-id', r.callId,
    'rpid', 'unknown',
    'realm', r.domain,
    'network-ip', r.networkIp,
    'network-port', String(r.networkPort),
    'user-agent', r.userAgent,
    'expires', '0',
    ...directoryVariables(r),
  );
  return new SimEvent('CUSTOM', subclass, h);
}

/**
 * The phone's connection closed (a WebSocket phone's tab reloaded or died):
 * sofia.c's nua_i_media_error "SOCKET DISCONNECT" deletes the registration
 * and fires this, with the REGISTER's Call-ID and no contact.
 */
export function socketDisconnectEvent(s: EventStamper, r: SimRegistration): SimEvent {
  const subclass = 'sofia::unregister';
  const h = s.stamp('CUSTOM', subclass, 'sofia.c', 'our_sofia_event_callback', 2080);
  h.push('profile-name', r.profile, 'from-user', r.user, 'from-host', r.domain, 'call-id', r.callId, 'rpid', 'unknown', 'reason', 'socket-disconnection');
  return new SimEvent('CUSTOM', subclass, h);
}

/** sofia_reg_del_callback: `expires` is the absolute epoch that ran out. */
export function expireEvent(s: EventStamper, r: SimRegistration): SimEvent {
  const subclass = 'sofia::expire';
  const h = s.stamp('CUSTOM', subclass, 'sofia_reg.c', 'sofia_reg_del_callback', 726);
  h.push(
    'profile-name', r.profile,
    'call-id', r.callId,
    'user', r.user,
    'username', r.user,
    'host', r.domain,
    'contact', r.contact,
    'expires', String(r.expiresEpoch),
    'user-agent', r.userAgent,
    'realm', r.domain,
    'network-ip', r.networkIp,
    'network-port', String(r.networkPort),
  );
  return new SimEvent('CUSTOM', subclass, h);
}
