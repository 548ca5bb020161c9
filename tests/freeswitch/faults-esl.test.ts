// The fault matrix's CI subset (npm run faults runs all of it): the event
// socket between Switchboard and a real FreeSWITCH cut and restored 10 times
// in 10 s while sipp places calls and two supervisors' tabs watch. Every
// screen says "PBX unreachable" during every cut, equals FreeSWITCH's own
// answers again soon after, and every leg FreeSWITCH hung up is one CDR row
// and at most one debit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eslFlaps } from '../../faults/faults.ts';
import { measureFault } from '../../faults/measure.ts';
import { startRig, type Rig } from '../../faults/rig.ts';

let rig: Rig | undefined;
test.before(async () => {
  rig = await startRig();
});
test.after(async () => {
  await rig?.close();
});

test('ESL link flapping 10 times in 10 s: shown on every screen, back to the truth, no CDR lost or doubled', async () => {
  const r = await measureFault(rig!, 'ESL flaps', eslFlaps(10, 1000), { truthWithinMs: 20_000 });
  process.stdout.write(`\n  ${JSON.stringify(r)}\n`);
  assert.ok(r.shownDown, `"PBX unreachable" on every screen in every cut: ${r.screens}`);
  assert.ok(r.secondsToTruth !== null, `every screen equals FreeSWITCH again: ${r.notes.join('; ')}`);
  assert.ok(r.calls.completed > 0 && r.legs > 0, 'calls flowed meanwhile');
  assert.is(r.cdrsLost, 0, 'CDRs lost');
  assert.is(r.doubled, 0, 'rows or debits doubled');
});

test.run();
