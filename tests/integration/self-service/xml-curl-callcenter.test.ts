// mod_xml_curl's configuration binding over real HTTP on a seeded
// PostgreSQL: callcenter.conf made of our queues, agents and tiers (parsed
// with a real XML parser); every other configuration file is "not found" so
// FreeSWITCH reads its own; and a phone dialling a queue's name joins it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { xmlCurl } from '../../helpers/rest.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { byName, list, parseXml } from '../../helpers/xml.ts';

const ACME = 'acme.pbx.test';
let server: TestServer;

test.before(async () => {
  server = await startTestServer();
});
test.after(async () => {
  await server?.close();
});

const configuration = (file: string, extra: Record<string, string> = {}) =>
  xmlCurl(`${server.url}/freeswitch/callcenter`, { hostname: 'fs1', section: 'configuration', tag_name: 'configuration', key_name: 'name', key_value: file, ...extra });

test('callcenter.conf: every queue of every tenant, its agents as callback agents, its tiers', async () => {
  const res = await configuration('callcenter.conf');
  assert.is(res.status, 200);
  assert.match(res.type, /text\/xml/);
  const doc = parseXml(res.text).document;
  assert.is(doc.section['@name'], 'configuration');
  const conf = doc.section.configuration;
  assert.is(conf['@name'], 'callcenter.conf');
  const queues = list(conf.queues.queue).map((q: any) => [q['@name'], byName(q.param).strategy]);
  assert.equal(queues.sort(), [
    [`billing@${ACME}`, 'ring-all'],
    [`sales@${ACME}`, 'longest-idle-agent'],
    ['sales@globex.pbx.test', 'longest-idle-agent'],
    [`support@${ACME}`, 'round-robin'],
  ]);
  const agent = list(conf.agents.agent).find((a: any) => a['@name'] === `1001@${ACME}`);
  assert.is(agent['@type'], 'callback');
  assert.is(agent['@contact'], `user/1001@${ACME}`);
  assert.is(agent['@status'], undefined, "mod_callcenter keeps the agents' status");
  const sales = list(conf.tiers.tier).filter((t: any) => t['@queue'] === `sales@${ACME}`).map((t: any) => [t['@agent'], t['@position']]);
  assert.equal(sales, [[`1001@${ACME}`, '1'], [`1002@${ACME}`, '2'], [`1003@${ACME}`, '3']]);
  // `queue load <q>` asks with CC-Queue: the same document (mod_callcenter finds its queue by name).
  assert.is((await configuration('callcenter.conf', { 'CC-Queue': `sales@${ACME}` })).text, res.text);
});

test('any other configuration file is "not found": FreeSWITCH reads its own', async () => {
  for (const file of ['sofia.conf', 'switch.conf', 'voicemail.conf']) {
    const doc = parseXml((await configuration(file)).text).document;
    assert.is(doc.section['@name'], 'result', file);
    assert.is(doc.section.result['@status'], 'not found', file);
  }
});

test('dialling a queue\'s name joins <queue>@<domain> through the callcenter application', async () => {
  const res = await xmlCurl(`${server.url}/freeswitch/dialplan`, {
    section: 'dialplan',
    'Caller-Destination-Number': 'sales',
    'Caller-Context': ACME,
    variable_domain_name: ACME,
    variable_user_name: '1009',
  });
  const condition = parseXml(res.text).document.section.context.extension.condition;
  assert.is(condition['@expression'], '^sales$');
  assert.equal(
    list(condition.action).map((a: any) => [a['@application'], a['@data']]),
    [['set', 'hangup_after_bridge=true'], ['callcenter', `sales@${ACME}`], ['hangup', undefined]],
  );
  // A name that is neither an extension nor a queue of the tenant is FreeSWITCH's "not found".
  const other = await xmlCurl(`${server.url}/freeswitch/dialplan`, {
    section: 'dialplan',
    'Caller-Destination-Number': 'nosuchqueue',
    'Caller-Context': ACME,
    variable_domain_name: ACME,
  });
  assert.is(parseXml(other.text).document.section.result['@status'], 'not found');
});

test.run();
