// The simulator held to what FreeSWITCH 1.10.12 does (tests/freeswitch/fax.test.ts
// proves it against the real thing): an originate through a gateway it does
// not have is refused with only a BACKGROUND_JOB `-ERR INVALID_GATEWAY`, and
// a txfax whose file is missing ends with a hangup and no txfaxresult. Both
// faxes are Failed within seconds, with words, not after the 15-minute lease.
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makePdf, uploadFax } from '../../helpers/fax.ts';
import { startTestServer } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';

const FAST = { FAX_POLL_MS: '50', FAX_RETRIES: '2', FAX_RETRY_DELAY_S: '0' };

async function failedFax(t: Awaited<ReturnType<typeof startTestServer>>) {
  const cookie = await t.signIn('agent@acme.test');
  const up = await uploadFax(t.url, cookie, { to: '+442079460190' }, { bytes: await makePdf(1), name: 'a.pdf', type: 'application/pdf' });
  assert.is(up.status, 201);
  const t0 = Date.now();
  const row = await waitFor(async () => {
    const faxes = (await (await fetch(`${t.url}/api/fax/outbound`, { headers: { cookie } })).json()).faxes as any[];
    const r = faxes.find((f) => f.id === up.body.fax.id);
    return r?.status === 'failed' ? r : undefined;
  }, 10_000, 'Failed', 50);
  return { row, ms: Date.now() - t0 };
}

test('a gateway the PBX does not have: Failed at once, naming it, after one attempt', async () => {
  const t = await startTestServer({ ...FAST, FAX_GATEWAY: 'nosuch' });
  try {
    const { row, ms } = await failedFax(t);
    assert.ok(ms < 5000, `took ${ms} ms`);
    assert.is(row.reason, "The fax gateway 'nosuch' does not exist in FreeSWITCH (FAX_GATEWAY)");
    assert.is(row.attempts, 1, 'not worth another attempt');
    assert.ok(t.simulator.commands.some((c) => c.includes('sofia/gateway/nosuch/')));
  } finally {
    await t.close();
  }
});

test('a document the PBX cannot find: Failed at once, saying the spool must be shared', async () => {
  const spool = mkdtempSync(join(tmpdir(), 'sb-fax-spool-'));
  const tiffDir = join(spool, 'tiff');
  mkdirSync(tiffDir, { recursive: true });
  // A PBX that does not share the spool: the TIFF we wrote is not where it looks.
  const watcher = watch(tiffDir, (_, name) => {
    const path = name && join(tiffDir, name.toString());
    if (path && path.endsWith('.tif') && existsSync(path)) unlinkSync(path);
  });
  const t = await startTestServer({ ...FAST, FAX_SPOOL_DIR: spool });
  try {
    const { row, ms } = await failedFax(t);
    assert.ok(ms < 5000, `took ${ms} ms`);
    assert.match(row.reason, /^The file could not be read: FreeSWITCH cannot find the fax document .*FAX_SPOOL_DIR/);
    assert.is(row.attempts, 1);
  } finally {
    watcher.close();
    await t.close();
    rmSync(spool, { recursive: true, force: true });
  }
});

test.run();
