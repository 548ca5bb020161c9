// The simulator held to what FreeSWITCH 1.10.12 sent when a softphone's tab
// reloaded mid-call (tests/fixtures/freeswitch/resume.json): the same
// sofia::unregister, header for header, parsed the same; and `show calls as
// json` in FreeSWITCH's columns (the simulator's calls have one leg each, so
// no bridged pair: nothing for server/resume/ to hold).
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventStamper } from '../../../freeswitch/simulator/event.ts';
import { PbxSimulator } from '../../../freeswitch/simulator/index.ts';
import { socketDisconnectEvent } from '../../../freeswitch/simulator/sofia.ts';
import { parseEvent } from '../../../server/pbx/parse.ts';
import { bridgedPairs } from '../../../server/resume/legs.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/freeswitch/resume.json', import.meta.url), 'utf8')) as {
  showCallsAsJson: string;
  unregisterOnReload: Record<string, string | number>;
  registerOf1001: Record<string, string>;
};

test('disconnect: the sofia::unregister of a closed WebSocket, the headers FreeSWITCH sends in its order', () => {
  const stamper = new EventStamper('00000000-0000-4000-8000-000000000001', 'fs-host', '127.0.0.1', () => 1_796_602_316_485_358);
  const reg = { user: '1001', domain: 'acme.pbx.test', callId: fixture.registerOf1001['call-id']!, profile: 'internal', contact: fixture.registerOf1001.contact!, networkIp: '127.0.0.1', networkPort: 48580, networkProto: 'wss' as const, userAgent: 'Switchboard softphone', expires: 300, expiresEpoch: 0 };
  const event = socketDisconnectEvent(stamper, reg);
  const names: string[] = event.headers.filter((_, i) => i % 2 === 0) as string[];
  const real = Object.keys(fixture.unregisterOnReload).filter((n) => n !== 'Content-Length');
  assert.equal(names, real);
  const h = (n: string) => event.header(n);
  for (const n of ['Event-Calling-File', 'Event-Calling-Function', 'Event-Calling-Line-Number', 'profile-name', 'from-user', 'from-host', 'call-id', 'rpid', 'reason']) {
    assert.is(h(n), String(fixture.unregisterOnReload[n]), n);
  }
  const fromSim = parseEvent(h);
  const fromReal = parseEvent((n) => (fixture.unregisterOnReload[n] === undefined ? undefined : String(fixture.unregisterOnReload[n])));
  assert.equal(fromSim && { ...fromSim, at: 0 }, fromReal && { ...fromReal, at: 0 });
});

test('show calls as json: FreeSWITCH\'s a-side columns; one-leg calls make no pair', async () => {
  const sim = new PbxSimulator({ heartbeatMs: 0 });
  sim.register({ user: '1001', domain: 'acme.pbx.test' });
  const uuid = sim.startCall({ from: '1002', to: '1001', domain: 'acme.pbx.test' });
  sim.answer(uuid);
  const rows = (JSON.parse(sim.api('show calls as json')) as { rows: Record<string, string>[] }).rows;
  const realColumns = Object.keys((JSON.parse(fixture.showCallsAsJson) as { rows: Record<string, string>[] }).rows[0]!).filter((c) => !c.startsWith('b_') && c !== 'call_created_epoch');
  assert.equal(Object.keys(rows[0]!), realColumns);
  assert.equal(bridgedPairs(sim.api('show calls as json')), []);
  sim.hangup(uuid);
  assert.is(sim.api('show calls as json'), '{"row_count": 0}\n');
});

test.run();
