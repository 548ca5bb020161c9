// What FreeSWITCH 1.10.12 really sent (tests/freeswitch/registrations.test.ts,
// `event json`, one sipp device of 1001@acme.pbx.test, sip-expires-late-margin 3)
// and what `show registrations as json` answered for it, parsed the way the
// live state needs them: the same user, domain, Call-ID, contact and expiry
// from the event and from the resync. Core-UUID and host names scrubbed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contactFromDialString, contactUri } from '../../../server/pbx/contact.ts';
import { parseEvent } from '../../../server/pbx/parse.ts';
import { parseRegistrations } from '../../../server/pbx/resync.ts';

const common = {
  'Event-Name': 'CUSTOM',
  'Core-UUID': '00000000-0000-4000-8000-000000000001',
  'FreeSWITCH-Hostname': 'fs-host',
  'FreeSWITCH-Switchname': 'fs-host',
  'FreeSWITCH-IPv4': '192.0.2.2',
  'FreeSWITCH-IPv6': 'fd00::2',
  'Event-Calling-File': 'sofia_reg.c',
  'profile-name': 'internal',
};
/** mod_xml_curl's directory variables sofia merges into register/unregister (v_event). */
const directory = {
  sip_number_alias: '1001',
  sip_auth_username: '1001',
  sip_auth_realm: 'acme.pbx.test',
  number_alias: '1001',
  user_name: '1001',
  user_context: 'acme.pbx.test',
  domain_name: 'acme.pbx.test',
  effective_caller_id_name: 'Alice Moreno',
  effective_caller_id_number: '1001',
  do_not_disturb: 'false',
  follow_me_enabled: 'false',
};

const REGISTER = {
  'Event-Subclass': 'sofia::register',
  ...common,
  'Event-Date-Local': '2026-12-01 21:28:24',
  'Event-Date-GMT': 'Tue, 01 Dec 2026 21:28:24 GMT',
  'Event-Date-Timestamp': '1796160504555379',
  'Event-Calling-Function': 'sofia_reg_handle_register_token',
  'Event-Calling-Line-Number': '2059',
  'Event-Sequence': '500',
  // The address of record (the To header) is from-user/from-host; the From header is to-user/to-host.
  'from-user': '1001',
  'from-host': 'acme.pbx.test',
  'presence-hosts': 'n/a',
  contact: '"" <sip:1001@127.0.0.1:36535;transport=UDP>',
  'call-id': '1-18764@127.0.0.1',
  rpid: 'unknown',
  status: 'Registered(UDP)',
  // The interval the device asked for, not an epoch.
  expires: '10',
  'to-user': '1001',
  'to-host': 'acme.pbx.test',
  'network-ip': '127.0.0.1',
  'network-port': '36535',
  username: '1001',
  realm: 'acme.pbx.test',
  'user-agent': 'sipp-device-36535',
  ...directory,
};

const UNREGISTER = {
  'Event-Subclass': 'sofia::unregister',
  ...common,
  'Event-Date-Timestamp': '1796160427456262',
  'Event-Calling-Function': 'sofia_reg_handle_register_token',
  'Event-Calling-Line-Number': '2213',
  username: '1001',
  'from-user': '1001',
  'from-host': 'acme.pbx.test',
  contact: '"" <sip:1001@127.0.0.1:32895;transport=UDP>',
  'call-id': '1-16683@127.0.0.1',
  rpid: 'unknown',
  realm: 'acme.pbx.test',
  'network-ip': '127.0.0.1',
  'network-port': '32895',
  'user-agent': 'sipp-device-32895',
  expires: '0',
  ...directory,
};

const EXPIRE = {
  'Event-Subclass': 'sofia::expire',
  ...common,
  'Event-Date-Timestamp': '1796160447936273',
  'Event-Calling-Function': 'sofia_reg_del_callback',
  'Event-Calling-Line-Number': '726',
  'call-id': '1-16684@127.0.0.1',
  // No from-user here: user/host (and username = the user, realm = the stored digest realm).
  user: '1001',
  username: '1001',
  host: 'acme.pbx.test',
  contact: '"" <sip:1001@127.0.0.1:39589;transport=UDP>',
  // Here an epoch: reg time + expires + sip-expires-late-margin, the moment that ran out.
  expires: '1796160432',
  'user-agent': 'sipp-device-39589',
  realm: 'acme.pbx.test',
  'network-ip': '127.0.0.1',
  'network-port': '39589',
};

/** `show registrations as json` for the REGISTER above (the core table; hostname scrubbed). */
const SHOW_REGISTRATIONS =
  '{"row_count":1,"rows":[{"reg_user":"1001","realm":"acme.pbx.test","token":"1-18764@127.0.0.1",' +
  '"url":"sofia/internal/sip:1001@127.0.0.1:36535;transport=UDP","expires":"1796160517","network_ip":"127.0.0.1",' +
  '"network_port":"36535","network_proto":"udp","hostname":"fs-host","metadata":""}]}';

const lookup = (event: Record<string, string>) => (name: string) => event[name];

test('sofia::register: the AOR, the contact URI and the device expiry', () => {
  assert.equal(parseEvent(lookup(REGISTER)), {
    kind: 'registered',
    at: 1796160504555379,
    registration: {
      user: '1001',
      domain: 'acme.pbx.test',
      callId: '1-18764@127.0.0.1',
      contact: 'sip:1001@127.0.0.1:36535;transport=UDP',
      networkIp: '127.0.0.1',
      networkPort: 36535,
      userAgent: 'sipp-device-36535',
      expiresAt: 1796160504 + 10,
    },
  });
});

test('show registrations gives the same device: contact from the dial string, expiry less the late margin', () => {
  const event = parseEvent(lookup(REGISTER));
  const [row] = parseRegistrations(SHOW_REGISTRATIONS, 3);
  assert.ok(event?.kind === 'registered');
  const { userAgent, ...fromEvent } = event.registration;
  assert.is(userAgent, 'sipp-device-36535');
  assert.equal(row, { ...fromEvent, userAgent: '' }, 'show registrations has no user agent; the rest is equal');
});

test('sofia::unregister and sofia::expire name the device by its Call-ID', () => {
  assert.equal(parseEvent(lookup(UNREGISTER)), {
    kind: 'unregistered',
    at: 1796160427456262,
    reason: 'unregister',
    user: '1001',
    domain: 'acme.pbx.test',
    callId: '1-16683@127.0.0.1',
  });
  assert.equal(parseEvent(lookup(EXPIRE)), {
    kind: 'unregistered',
    at: 1796160447936273,
    reason: 'expire',
    user: '1001',
    domain: 'acme.pbx.test',
    callId: '1-16684@127.0.0.1',
  });
});

test('an unregister sofia did not challenge says username/realm "unknown": the AOR still finds the tenant', () => {
  const e = parseEvent(lookup({ ...UNREGISTER, username: 'unknown', realm: 'unknown' }));
  assert.ok(e?.kind === 'unregistered');
  assert.is(e.user, '1001');
  assert.is(e.domain, 'acme.pbx.test');
});

test('contactUri: as sofia_glue_get_url_from_contact reads a Contact', () => {
  assert.is(contactUri('"" <sip:1001@127.0.0.1:5062;transport=UDP>'), 'sip:1001@127.0.0.1:5062;transport=UDP');
  assert.is(contactUri('"A <b>" <sip:1@h;fs_nat=yes>;expires=60'), 'sip:1@h;fs_nat=yes');
  assert.is(contactUri('<sip:1@h>'), 'sip:1@h');
  assert.is(contactUri('sip:1@h'), 'sip:1@h');
  assert.is(contactFromDialString('sofia/internal/sip:1@h;transport=UDP'), 'sip:1@h;transport=UDP');
});

test.run();
