// The fax faults of the matrix (npm run faults runs all of it), against a real
// FreeSWITCH whose carrier gateway brings every fax back in to rxfax:
// * the fax spool's disk full (a 256 KB tmpfs over FAX_SPOOL_DIR, filled; root
//   mounts it, as the real-PBX suite runs): the upload is refused with words
//   and leaves nothing behind, a fax whose TIFF finds no room waits in the
//   queue, a fax from outside fails in FreeSWITCH with a row and a CDR, and
//   once there is room both faxes go out and arrive once;
// * a node killed with SIGKILL mid-fax while no node hears the fax end (the
//   other node's event socket cut): mod_json_cdr's CDR of each fax leg
//   carries spandsp's result, so the fax is sent once and arrives once, and
//   the Sent list and Inbound Fax say so (npm run faults also runs it beside
//   a listening node).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { faxSpoolFull, FAX_SPOOL_FULL } from '../../faults/fax-disk-full.ts';
import { killedNodeMidFax } from '../../faults/fax-node-kill.ts';
import { measureFault, type FaultResult } from '../../faults/measure.ts';
import { startRig } from '../../faults/rig.ts';

function assertFaxesSurvived(r: FaultResult) {
  process.stdout.write(`\n  ${JSON.stringify(r)}\n`);
  assert.ok(r.faxes, 'the faxes were judged');
  assert.equal(r.faxes!.wrong, [], 'nothing told wrongly or left behind');
  assert.is(r.faxes!.lost, 0, 'faxes lost');
  assert.is(r.faxes!.sentTwice, 0, 'faxes sent twice');
  assert.ok(r.secondsToTruth !== null, `every screen equals FreeSWITCH again: ${r.notes.join('; ')}`);
  assert.is(r.cdrsLost, 0, 'CDRs lost');
  assert.is(r.doubled, 0, 'rows or debits doubled');
}

test('the fax spool disk full: a clear 507, nothing left behind, the queued fax waits, inbound fails with a row and a CDR; room again: both sent once', async () => {
  const rig = await startRig({ env: { FAX_RETRY_DELAY_S: '2' } });
  try {
    const r = await measureFault(rig, FAX_SPOOL_FULL, faxSpoolFull, { truthWithinMs: 20_000 });
    assertFaxesSurvived(r);
    assert.match(r.faxes!.shown, /Send Fax with the disk full: 507 "The fax store is full/);
    assert.match(r.faxes!.shown, /waiting for room/);
  } finally {
    await rig.close();
  }
});

test('a node killed with SIGKILL mid-fax, no node hearing the fax end: sent once, received once, shown as sent', async () => {
  const r = await killedNodeMidFax({ alone: true });
  assertFaxesSurvived(r);
  assert.ok(r.shownDown, `"PBX unreachable" on the other node's screens while its event socket was cut: ${r.screens}`);
  assert.match(r.faxes!.shown, /Sent list[^;]*: sent, attempt 1 /);
  assert.match(r.faxes!.shown, /Inbound Fax: received 3 p\.;/);
});

test.run();
