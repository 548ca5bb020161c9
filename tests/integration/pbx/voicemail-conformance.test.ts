// The simulator's mod_voicemail held to FreeSWITCH: the voicemail scenario
// (tests/freeswitch/harness/voicemail-scenario.ts) runs against the simulator
// and every frame is compared with what a real FreeSWITCH 1.10.12 sent for it
// (tests/fixtures/freeswitch/voicemail.json, `npm run record-fixtures -- voicemail`):
// reply texts word for word, each vm_fsdb_* answer's event headers in order
// with values of the same kind, and of each MESSAGE_WAITING every header our
// parser reads. No FreeSWITCH needed.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PbxSimulator } from '../../../freeswitch/simulator/index.ts';
import type { Recording } from '../../freeswitch/harness/esl-scenario.ts';
import { voicemailScenario } from '../../freeswitch/harness/voicemail-scenario.ts';
import { compare, compareHeaderOrder, eventOf, fixture } from '../../helpers/esl-conformance.ts';
import { parseEvent } from '../../../server/pbx/parse.ts';

const DOMAIN = 'acme.pbx.test';
const recorded = fixture('voicemail');
const sim = new PbxSimulator({ heartbeatMs: 0, password: 'conformance', users: (user) => /^10(0\d|1[0-2])$/.test(user) });
let run: Recording = {};

test.before(async () => {
  await sim.start();
  run = await voicemailScenario({ port: sim.port, password: 'conformance', domain: DOMAIN, stagingDir: join(sim.voicemail.dir, '.uploads') });
});
test.after(() => sim.stop());

const report = (divergences: string[]) => assert.equal(divergences, [], `the simulator differs from FreeSWITCH:\n  ${divergences.join('\n  ')}`);

test('every step FreeSWITCH was recorded answering was run against the simulator, and no other', () => {
  assert.equal(Object.keys(run).sort(), Object.keys(recorded).sort());
});

test('vm_boxcount, vm_read, vm_delete, vm_inject, vm_prefs: the replies word for word', () => {
  report(compare(recorded, run, (s) => /^api\/vm-(boxcount|read|delete|inject|prefs)/.test(s)));
});

test('vm_fsdb_*: each answer an event with the same headers in the same order (a new message has no flags), or the same -ERR / -OK', () => {
  report(compare(recorded, run, (s) => s.startsWith('api/vm-fsdb-')));
});

test('MESSAGE_WAITING as update_mwi fires it: a message left, read and deleted', () => {
  const steps = ['event/message-waiting-new', 'event/message-waiting-read', 'event/message-waiting-delete'];
  report([...compare(recorded, run, (s) => steps.includes(s)), ...steps.flatMap((s) => compareHeaderOrder(recorded, run, s))]);
  for (const step of steps) {
    const parse = (e: Record<string, string>) => parseEvent((n) => e[n]);
    const [fs, ours] = [parse(eventOf(recorded[step]![0]!)), parse(eventOf(run[step]![0]!))];
    assert.equal({ ...ours, at: 0 }, { ...fs, at: 0 }, `${step}: the same count for the same box`);
  }
});

test('the subscription reply', () => {
  report(compare(recorded, run, (s) => s === 'subscribe'));
});

test.run();
