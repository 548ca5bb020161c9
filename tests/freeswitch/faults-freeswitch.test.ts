// The fault matrix's CI subset (npm run faults runs all of it): FreeSWITCH
// shut down mid-traffic and started again from the same folders, the phones
// registering again, while two supervisors' tabs watch. Every screen says
// "PBX unreachable" while it is down and then equals what the new FreeSWITCH
// holds (registrations, calls, mod_callcenter's agents as Switchboard
// provisioned them again); every leg FreeSWITCH hung up on its way down is
// one CDR row and at most one debit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freeswitchRestart } from '../../faults/faults.ts';
import { measureFault } from '../../faults/measure.ts';
import { startRig, type Rig } from '../../faults/rig.ts';

let rig: Rig | undefined;
test.before(async () => {
  rig = await startRig();
});
test.after(async () => {
  await rig?.close();
});

test('FreeSWITCH restarted: shown on every screen, back to the truth, no CDR lost or doubled', async () => {
  const r = await measureFault(rig!, 'FreeSWITCH restarted', freeswitchRestart, { truthWithinMs: 30_000 });
  process.stdout.write(`\n  ${JSON.stringify(r)}\n`);
  assert.ok(r.shownDown, `"PBX unreachable" on every screen while it was down: ${r.screens}`);
  assert.ok(r.secondsToTruth !== null, `every screen equals FreeSWITCH again: ${r.notes.join('; ')}`);
  assert.ok(r.legs > 0, 'calls flowed');
  assert.is(r.cdrsLost, 0, 'CDRs lost');
  assert.is(r.doubled, 0, 'rows or debits doubled');
});

test.run();
