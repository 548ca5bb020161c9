// The served `did` context over real HTTP on a seeded PostgreSQL: what
// FreeSWITCH is told to do with a call from the carrier to each kind of DID
// route, parsed with a real XML parser, and what it is refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { xmlCurl } from '../../helpers/rest.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { list, parseXml } from '../../helpers/xml.ts';

let server: TestServer;

test.before(async () => {
  server = await startTestServer();
});
test.after(async () => {
  await server?.close();
});

/** What mod_xml_curl posts after public.xml's `transfer <number> XML did`. */
const fromCarrier = (dialled: string) =>
  xmlCurl(`${server.url}/freeswitch/dialplan`, {
    section: 'dialplan',
    'Caller-Context': 'did',
    'Caller-Destination-Number': dialled,
    'Caller-Caller-ID-Number': '+12125550199',
    variable_sofia_profile_name: 'external',
  });

function actionsOf(text: string) {
  const doc = parseXml(text).document;
  assert.is(doc.section['@name'], 'dialplan');
  assert.is(doc.section.context['@name'], 'did');
  const condition = doc.section.context.extension.condition;
  return { expression: condition['@expression'] as string, actions: list(condition.action).map((a: any) => [a['@application'], a['@data']] as [string, string | undefined]) };
}

const notFound = (text: string) => parseXml(text).document.section?.result?.['@status'] === 'not found';

test('a DID routed to an extension: the tenant\'s domain set, then exactly an internal call to it', async () => {
  const res = await fromCarrier('+14155550110');
  assert.is(res.status, 200);
  const { expression, actions } = actionsOf(res.text);
  assert.is(expression, '^\\+14155550110$');
  assert.equal(actions.slice(0, 2), [['set', 'domain_name=acme.pbx.test'], ['set', 'switchboard_did=+14155550110']]);
  assert.ok(actions.some(([app, data]) => app === 'bridge' && data === 'user/1001@acme.pbx.test'));
  assert.ok(actions.some(([app, data]) => app === 'voicemail' && data === 'default acme.pbx.test 1001'), 'unanswered: voicemail');
});

test('carriers that send the number without + (or with 00) reach the same DID', async () => {
  for (const dialled of ['14155550110', '0014155550110']) {
    const { expression, actions } = actionsOf((await fromCarrier(dialled)).text);
    assert.is(expression, `^${dialled}$`, 'the condition matches what FreeSWITCH has as destination_number');
    assert.ok(actions.some(([app, data]) => app === 'bridge' && data === 'user/1001@acme.pbx.test'));
  }
});

test('queue, voicemail and fax routes', async () => {
  const queue = actionsOf((await fromCarrier('+14155550100')).text).actions;
  assert.equal(queue[0], ['set', 'domain_name=acme.pbx.test']);
  assert.ok(queue.some(([app, data]) => app === 'callcenter' && data === 'sales@acme.pbx.test'), 'into mod_callcenter\'s queue');
  const voicemail = actionsOf((await fromCarrier('+14155550109')).text).actions;
  assert.ok(voicemail.some(([app, data]) => app === 'voicemail' && data === 'default acme.pbx.test 1009'));
  assert.not.ok(voicemail.some(([app]) => app === 'bridge'));
  const fax = actionsOf((await fromCarrier('+442079460190')).text).actions;
  assert.equal(fax[0], ['set', 'domain_name=globex.pbx.test']);
  assert.ok(fax.some(([app, data]) => app === 'set' && data === 'dialed_user=1001'), 'rxfaxresult names the extension');
  assert.ok(fax.some(([app, data]) => app === 'set' && data === 'dialed_domain=globex.pbx.test'));
  const rxfax = fax.find(([app]) => app === 'rxfax');
  assert.ok(rxfax, 'answered by rxfax');
  // Into the fax spool (an absolute path: FreeSWITCH does not share our working directory), named by the call.
  assert.match(rxfax![1]!, /^\/.+\/fax\/rx\/\$\{uuid\}\.tif$/);
  assert.ok(fax.findIndex(([app]) => app === 'answer') < fax.findIndex(([app]) => app === 'rxfax'));
});

test('an inactive DID, a number that is not ours, junk, and a DID whose route is gone: not found', async () => {
  assert.ok(notFound((await fromCarrier('+14155550111')).text), 'inactive');
  assert.ok(notFound((await fromCarrier('+19995550100')).text), 'not ours');
  assert.ok(notFound((await fromCarrier('sip:evil')).text), 'junk');
  await server.switchboard.orm.em.fork().getConnection().execute(`update "dids" set "route_kind" = 'extension', "route_target" = '9999' where "number" = '+14155550112'`);
  assert.ok(notFound((await fromCarrier('+14155550112')).text), 'route to an extension that does not exist');
  await server.switchboard.orm.em.fork().getConnection().execute(`update "dids" set "route_kind" = null, "route_target" = null where "number" = '+14155550112'`);
  assert.ok(notFound((await fromCarrier('+14155550112')).text), 'no route');
});

test('the tenant context still answers as before (a phone\'s call is not taken for a DID)', async () => {
  const res = await xmlCurl(`${server.url}/freeswitch/dialplan`, {
    section: 'dialplan',
    'Caller-Context': 'acme.pbx.test',
    'Caller-Destination-Number': '+14155550110',
    variable_domain_name: 'acme.pbx.test',
    variable_user_name: '1002',
  });
  assert.not.ok(res.text.includes('switchboard_did'));
});

test.run();
