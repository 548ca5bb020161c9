// The served dialplan for calls that outlive a softphone, over real HTTP
// with the simulator as FreeSWITCH: the hold extension only for a leg our
// server put there (its switchboard_resume_for names the extension), the
// take-back only for a phone of that very extension and tenant, once; and
// the owner's tabs see the offer go when it is taken.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { follow } from '../../helpers/live-client.ts';
import { xmlCurl } from '../../helpers/rest.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';
import { list, parseXml } from '../../helpers/xml.ts';

const ACME = 'acme.pbx.test';
let server: TestServer;

test.before(async () => {
  server = await startTestServer();
  await waitFor(() => server.switchboard.pbx.connected, 5000, 'ESL link');
});
test.after(async () => {
  await server?.close();
});

const dialplan = (from: string, to: string, variables: Record<string, string> = {}, domain = ACME) =>
  xmlCurl(`${server.url}/freeswitch/dialplan`, {
    section: 'dialplan',
    'Caller-Username': from,
    'Caller-Destination-Number': to,
    'Caller-Context': domain,
    variable_domain_name: domain,
    variable_user_name: from,
    ...variables,
  });

async function actions(res: { text: string } | Response): Promise<[string, string | undefined][] | 'not found'> {
  const text = 'text' in res && typeof res.text === 'string' ? res.text : await (res as Response).text();
  const doc = parseXml(text).document;
  if (doc.section['@name'] === 'result') return 'not found';
  return list(doc.section.context.extension.condition.action).map((a: any) => [a['@application'], a['@data']]);
}

test('switchboard-hold-1001: only for a leg held for 1001 of this tenant; then a tone and 1001\'s voicemail', async () => {
  assert.is(await actions(await dialplan('1002', 'switchboard-hold-1001')), 'not found', 'a phone dialling it');
  assert.is(await actions(await dialplan('1002', 'switchboard-hold-1001', { variable_switchboard_resume_for: '1001@globex.pbx.test' })), 'not found');
  const held = await actions(await dialplan('1002', 'switchboard-hold-1001', { variable_switchboard_resume_for: `1001@${ACME}` }));
  assert.ok(held !== 'not found');
  assert.ok(held.some(([app, data]) => app === 'playback' && data?.startsWith('tone_stream://')));
  assert.equal(held.at(-1), ['voicemail', `default ${ACME} 1001`]);
  const queued = await actions(await dialplan('1002', 'switchboard-hold-1001', { variable_switchboard_resume_for: `1001@${ACME}`, variable_cc_queue: `sales@${ACME}` }));
  assert.ok(queued !== 'not found' && queued.some(([app, data]) => app === 'callcenter' && data === `sales@${ACME}`), 'a queue caller goes back into the queue');
});

test('resume-<uuid>: refused to another extension and for a leg not waiting; taken once by the owner, whose tabs see the offer go', async () => {
  const sim = server.switchboard.simulator!;
  sim.register({ user: '1001', domain: ACME });
  const uuid = sim.startCall({ from: '1002', to: '1001', domain: ACME });
  sim.answer(uuid);
  const vanished = 'f0000000-0000-4000-8000-000000000001';
  const tenantId = [...server.switchboard.live.tenantIds()].find((id) => server.switchboard.live.tenantState(id)?.domain === ACME)!;
  const socket = server.connect(await server.signIn('agent@acme.test'));
  const view = follow(socket);
  try {
    await waitFor(() => view.extensions['1001'], 5000, 'snapshot');
    assert.is(await actions(await dialplan('1001', `resume-${uuid}`)), 'not found', 'not waiting');
    sim.api(`uuid_setvar ${uuid} switchboard_resume_for 1001@${ACME}`);
    sim.api(`uuid_setvar ${uuid} switchboard_resume_leg ${vanished}`);
    server.switchboard.live.ingest({ kind: 'call-held-for-resume', tenantId, extension: '1001', call: { uuid, name: 'Ben Okafor', number: '1002', until: Date.now() + 60_000 } });
    await waitFor(() => view.extensions['1001']!.state.resumable?.length === 1, 5000, 'the offer');
    assert.is(await actions(await dialplan('1002', `resume-${uuid}`)), 'not found', 'another extension');
    assert.is(await actions(await dialplan('1001', `resume-${uuid}`, {}, 'globex.pbx.test')), 'not found', 'another tenant\'s 1001');
    assert.is(await actions(await dialplan('1001', 'resume-not-a-uuid')), 'not found');
    assert.equal(await actions(await dialplan('1001', `resume-${uuid}`)), [
      ['set', `switchboard_resume_of=${vanished}`],
      ['set', 'hangup_after_bridge=true'],
      ['intercept', uuid],
      ['hangup', undefined],
    ]);
    await waitFor(() => view.extensions['1001']!.state.resumable?.length === 0, 5000, 'the offer to go');
    assert.is(sim.api(`uuid_getvar ${uuid} switchboard_resume_for`), '_undef_', 'no longer waiting');
    assert.is(await actions(await dialplan('1001', `resume-${uuid}`)), 'not found', 'a second tab: taken already');
  } finally {
    socket.close();
    sim.hangup(uuid);
  }
});

test.run();
