// The fault matrix's CI subset (npm run faults runs all of it): Switchboard's
// PostgreSQL unreachable for 5 s (its relay refuses, as a restarting server
// does: the machine's PostgreSQL is never touched), then the CDR table held
// locked for 5 s, while sipp places calls through a real FreeSWITCH and two
// supervisors' tabs watch. The screens stay live (the PBX link is up) and
// equal FreeSWITCH's answers afterwards; every leg FreeSWITCH hung up is one
// CDR row (the ESL path fails meanwhile, mod_json_cdr's retries deliver it)
// and at most one debit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { postgresCut, postgresLock } from '../../faults/faults.ts';
import { measureFault, type FaultResult } from '../../faults/measure.ts';
import { startRig, type Rig } from '../../faults/rig.ts';

let rig: Rig | undefined;
test.before(async () => {
  rig = await startRig();
});
test.after(async () => {
  await rig?.close();
});

function assertSurvived(r: FaultResult) {
  process.stdout.write(`\n  ${JSON.stringify(r)}\n`);
  assert.ok(r.secondsToTruth !== null && r.secondsToTruth <= 10, `every screen equals FreeSWITCH within 10 s: ${r.secondsToTruth} ${r.notes.join('; ')}`);
  assert.ok(r.legs > 0, 'calls reached FreeSWITCH meanwhile');
  assert.is(r.cdrsLost, 0, 'CDRs lost');
  assert.is(r.doubled, 0, 'rows or debits doubled');
  assert.is(r.spooled, 0, "no CDR left in mod_json_cdr's spool");
}

test('PostgreSQL unreachable for 5 s: no CDR lost or doubled, screens back to the truth', async () => {
  assertSurvived(await measureFault(rig!, 'PostgreSQL unreachable', postgresCut(5000)));
});

test('the CDR table locked for 5 s: no CDR lost or doubled, screens back to the truth', async () => {
  const r = await measureFault(rig!, 'PostgreSQL slow', postgresLock(5000));
  assertSurvived(r);
  assert.ok(r.calls.completed > 0, 'calls completed while the table was locked');
});

test.run();
