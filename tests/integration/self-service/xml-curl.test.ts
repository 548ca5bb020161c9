// The mod_xml_curl endpoints over real HTTP on a seeded PostgreSQL: what
// FreeSWITCH is told about users and calls, parsed with a real XML parser.
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Extension, Tenant } from '../../../server/db/entities/index.ts';
import { restClient, xmlCurl } from '../../helpers/rest.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { byName, list, parseXml } from '../../helpers/xml.ts';

const ACME = 'acme.pbx.test';
let server: TestServer;
let rest: ReturnType<typeof restClient>;
let agent: string;

test.before(async () => {
  server = await startTestServer();
  rest = restClient(server.url);
  agent = await server.signIn('agent@acme.test');
});
test.after(async () => {
  await server?.close();
});

const directory = (user: string, domain: string, extra: Record<string, string> = {}) =>
  xmlCurl(`${server.url}/freeswitch/directory`, { section: 'directory', tag_name: 'domain', key_name: 'name', key_value: domain, user, domain, action: 'sip_auth', ...extra });

const dialplan = (from: string, to: string, domain = ACME) =>
  xmlCurl(`${server.url}/freeswitch/dialplan`, {
    section: 'dialplan',
    'Caller-Username': from,
    'Caller-Destination-Number': to,
    'Caller-Context': domain,
    variable_domain_name: domain,
    variable_user_name: from,
  });

function userOf(text: string) {
  const doc = parseXml(text).document;
  assert.is(doc['@type'], 'freeswitch/xml');
  assert.is(doc.section['@name'], 'directory');
  const user = doc.section.domain.user;
  return { domain: doc.section.domain['@name'], id: user['@id'], params: byName(user.params.param), variables: byName(user.variables.variable) };
}

function actionsOf(text: string, domain = ACME) {
  const doc = parseXml(text).document;
  assert.is(doc.section['@name'], 'dialplan');
  assert.is(doc.section.context['@name'], domain);
  const condition = doc.section.context.extension.condition;
  assert.is(condition['@field'], 'destination_number');
  return { expression: condition['@expression'] as string, actions: list(condition.action).map((a: any) => [a['@application'], a['@data']] as [string, string | undefined]) };
}

function assertNotFound(text: string) {
  const doc = parseXml(text).document;
  assert.is(doc['@type'], 'freeswitch/xml');
  assert.is(doc.section['@name'], 'result');
  assert.is(doc.section.result['@status'], 'not found');
}

const sipPasswordOf = async (domain: string, number: string) => {
  const em = server.switchboard.orm.em.fork();
  const tenant = await em.findOneOrFail(Tenant, { domain });
  return (await em.findOneOrFail(Extension, { tenant, number })).sipPassword;
};

test('directory: a user gets an a1-hash, the context of its domain, its caller ID and DND off', async () => {
  const res = await directory('1001', ACME);
  assert.is(res.status, 200);
  assert.match(res.type, /text\/xml/);
  const u = userOf(res.text);
  assert.is(u.domain, ACME);
  assert.is(u.id, '1001');
  const password = await sipPasswordOf(ACME, '1001');
  assert.is(u.params['a1-hash'], createHash('md5').update(`1001:${ACME}:${password}`).digest('hex'));
  assert.not.ok('password' in u.params, 'the plain password never travels');
  assert.not.ok(res.text.includes(password));
  assert.match(u.params['dial-string']!, /sofia_contact/);
  assert.is(u.variables.user_context, ACME);
  assert.is(u.variables.effective_caller_id_name, 'Alice Moreno');
  assert.is(u.variables.effective_caller_id_number, '1001');
  assert.is(u.variables.do_not_disturb, 'false');
  assert.is(u.variables.follow_me_enabled, 'false');
});

test('directory: the same number in another tenant is that tenant\'s user', async () => {
  const u = userOf((await directory('1001', 'globex.pbx.test')).text);
  assert.is(u.variables.effective_caller_id_name, 'Ivy Chen');
  assert.is(u.variables.user_context, 'globex.pbx.test');
});

test('directory and dialplan: an unknown user, domain or number is "not found"', async () => {
  assertNotFound((await directory('1999', ACME)).text);
  assertNotFound((await directory('1001', 'nobody.pbx.test')).text);
  assertNotFound((await directory('', ACME, { purpose: 'gateways' })).text);
  assertNotFound((await dialplan('1001', '1999')).text);
  assertNotFound((await dialplan('1001', '1002', 'nobody.pbx.test')).text);
  // A feature code from a caller that is not one of the tenant's extensions changes nothing.
  assertNotFound((await dialplan('7777', '*78')).text);
});

test('DND off: the dialplan rings the extension, then voicemail', async () => {
  const { expression, actions } = actionsOf((await dialplan('1002', '1001')).text);
  assert.is(expression, '^1001$');
  assert.equal(actions, [
    ['set', 'hangup_after_bridge=true'],
    ['set', 'continue_on_fail=true'],
    ['set', 'call_timeout=30'],
    ['bridge', `user/1001@${ACME}`],
    ['answer', undefined],
    ['sleep', '500'],
    ['voicemail', `default ${ACME} 1001`],
  ]);
});

test('DND on: the directory busies every user/ bridge, and the dialplan sends callers to voicemail', async () => {
  const saved = await rest('PUT', '/api/account/extensions/1001/dnd', agent, { dnd: true });
  assert.is(saved.status, 200);
  try {
    const u = userOf((await directory('1001', ACME)).text);
    assert.is(u.variables.do_not_disturb, 'true');
    assert.is(u.params['dial-string'], 'error/user_busy');
    const { actions } = actionsOf((await dialplan('1002', '1001')).text);
    assert.not.ok(actions.some(([app]) => app === 'bridge'), 'DND never rings');
    assert.equal(actions, [
      ['answer', undefined],
      ['sleep', '500'],
      ['voicemail', `default ${ACME} 1001`],
    ]);
  } finally {
    assert.is((await rest('PUT', '/api/account/extensions/1001/dnd', agent, { dnd: false })).status, 200);
  }
});

test('follow-me with two cascaded destinations: one bridge with each leg\'s delay and timeout, then voicemail', async () => {
  const saved = await rest('PUT', '/api/follow-me/1001', agent, {
    enabled: true,
    destinations: [
      { destination: '1002', delay: 0, timeout: 20 },
      { destination: '+14155550123', delay: 15, timeout: 30 },
    ],
  });
  assert.is(saved.status, 200, JSON.stringify(saved.body));
  const { actions } = actionsOf((await dialplan('1003', '1001')).text);
  assert.equal(actions, [
    ['set', 'hangup_after_bridge=true'],
    ['set', 'continue_on_fail=true'],
    // The last leg's delay + timeout, and one second for FreeSWITCH's whole-second bridge clock.
    ['set', 'call_timeout=46'],
    [
      'bridge',
      `{ignore_early_media=true}[leg_delay_start=0,leg_timeout=20]user/1002@${ACME},` +
        '[leg_delay_start=15,leg_timeout=30]sofia/gateway/${switchboard_gateway}/+14155550123',
    ],
    ['answer', undefined],
    ['sleep', '500'],
    ['voicemail', `default ${ACME} 1001`],
  ]);
  assert.is(userOf((await directory('1001', ACME)).text).variables.follow_me_enabled, 'true');

  // Disabled: back to ringing the extension itself.
  await rest('PUT', '/api/follow-me/1001', agent, { enabled: false, destinations: [{ destination: '1002', delay: 0, timeout: 20 }] });
  assert.equal(actionsOf((await dialplan('1003', '1001')).text).actions[3], ['bridge', `user/1001@${ACME}`]);
  assert.is((await rest('DELETE', '/api/follow-me/1001', agent)).status, 204);
});

test('feature codes: *78 and *79 fire the DND event for the calling extension', async () => {
  for (const [code, state] of [['*78', 'on'], ['*79', 'off']] as const) {
    const { expression, actions } = actionsOf((await dialplan('1001', code)).text);
    assert.is(expression, `^\\${code}$`);
    assert.equal(actions.find(([app]) => app === 'event'), [
      'event',
      `Event-Name=CUSTOM,Event-Subclass=switchboard::dnd,Switchboard-User=1001,Switchboard-Domain=${ACME},Switchboard-DND=${state}`,
    ]);
    assert.equal(actions.at(-1), ['hangup', undefined]);
  }
});

test('feature codes: *97 opens the calling extension\'s own mailbox, already authenticated by its SIP login', async () => {
  const { expression, actions } = actionsOf((await dialplan('1001', '*97')).text);
  assert.is(expression, '^\\*97$');
  assert.equal(actions, [
    ['answer', undefined],
    ['sleep', '500'],
    ['voicemail', `check auth default ${ACME} 1001`],
  ]);
});

test('an outside number from a tenant phone leaves through the gateway with the caller\'s DID; nobody else and no credit get nothing out', async () => {
  // 1001's owner (agent@acme.test) has +14155550110; 1009 (Reception) has no DID of its own.
  for (const dialled of ['+442079460101', '00442079460101']) {
    const { actions } = actionsOf((await dialplan('1001', dialled)).text);
    assert.equal(actions, [
      ['set', 'effective_caller_id_number=+14155550110'],
      ['set', 'hangup_after_bridge=true'],
      ['set', 'call_timeout=60'],
      ['bridge', 'sofia/gateway/${switchboard_gateway}/+442079460101'],
    ]);
  }
  assert.equal(actionsOf((await dialplan('1009', '+442079460101')).text).actions[0], ['set', 'hangup_after_bridge=true']);
  assertNotFound((await dialplan('7777', '+442079460101')).text);
  const em = server.switchboard.orm.em.fork();
  await em.nativeUpdate(Tenant, { domain: ACME }, { credit: '0.0000' });
  try {
    assert.equal(actionsOf((await dialplan('1001', '+442079460101')).text).actions, [['respond', '402 Payment Required']]);
  } finally {
    await em.nativeUpdate(Tenant, { domain: ACME }, { credit: '125.5000' });
  }
});

test('a three-way room: any leg in the tenant\'s context joins the conference named after the room and the domain; a malformed room is not one', async () => {
  const room = `3way-${'0123456789abcdef'.repeat(2)}`;
  const { expression, actions } = actionsOf((await dialplan('1001', room)).text);
  assert.is(expression, `^${room}$`);
  assert.equal(actions, [['answer', undefined], ['conference', `${room}-${ACME}@switchboard`], ['hangup', undefined]]);
  // A far end moved there by a REFER is not always one of the tenant's phones (a callee's outbound leg has no user name).
  const moved = await xmlCurl(`${server.url}/freeswitch/dialplan`, { section: 'dialplan', 'Caller-Destination-Number': room, 'Caller-Context': ACME });
  assert.equal(actionsOf(moved.text).actions[1], ['conference', `${room}-${ACME}@switchboard`]);
  // A caller from outside stays in the DID context, carrying the domain its DID route set.
  const outside = await xmlCurl(`${server.url}/freeswitch/dialplan`, { section: 'dialplan', 'Caller-Destination-Number': room, 'Caller-Context': 'did', variable_domain_name: ACME });
  assert.equal(actionsOf(outside.text, 'did').actions[1], ['conference', `${room}-${ACME}@switchboard`]);
  assertNotFound((await xmlCurl(`${server.url}/freeswitch/dialplan`, { section: 'dialplan', 'Caller-Destination-Number': room, 'Caller-Context': 'did' })).text);
  assertNotFound((await dialplan('1001', '3way-123')).text);
  assertNotFound((await dialplan('1001', `${room}0`)).text);
});

test('a request from an address that is not a configured PBX is refused; the shared secret lets it in', async () => {
  const other = await startTestServer({ FREESWITCH_ALLOWED_IPS: '192.0.2.1', FREESWITCH_SECRET: 'a-long-shared-secret-for-tests' });
  try {
    const url = `${other.url}/freeswitch/directory`;
    const fields = { section: 'directory', user: '1001', domain: ACME, action: 'sip_auth' };
    const refused = await xmlCurl(url, fields);
    assert.is(refused.status, 403);
    assert.not.ok(refused.text.includes('a1-hash'));
    assert.is((await xmlCurl(url, fields, 'switchboard:wrong-secret-wrong-secret')).status, 403);
    const allowed = await xmlCurl(url, fields, 'switchboard:a-long-shared-secret-for-tests');
    assert.is(allowed.status, 200);
    assert.is(userOf(allowed.text).id, '1001');
    assert.is((await xmlCurl(`${other.url}/freeswitch/dialplan`, { section: 'dialplan' })).status, 403);
    // A call from outside to a DID, and callcenter.conf (every tenant's queues and agents): the same guard.
    const did = { section: 'dialplan', 'Caller-Context': 'did', 'Caller-Destination-Number': '+14155550110' };
    assert.is((await xmlCurl(`${other.url}/freeswitch/dialplan`, did)).status, 403);
    const conf = { section: 'configuration', key_value: 'callcenter.conf' };
    const confRefused = await xmlCurl(`${other.url}/freeswitch/callcenter`, conf);
    assert.is(confRefused.status, 403);
    assert.not.ok(confRefused.text.includes(ACME), 'no tenant named to a stranger');
    assert.is((await xmlCurl(`${other.url}/freeswitch/callcenter`, conf, 'switchboard:a-long-shared-secret-for-tests')).status, 200);
  } finally {
    await other.close();
  }
});

test.run();
