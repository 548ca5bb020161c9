// FreeSWITCH's own audio figures (rtp_audio_in_mos and the rest) land in each
// leg's CDR row from both paths — CHANNEL_HANGUP_COMPLETE over ESL and
// mod_json_cdr's post — and come back on the CDR page, equal to the
// variables; a leg without media has none.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CdrRow } from '../../../common/cdr.ts';
import { restClient } from '../../helpers/rest.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { sleep, waitFor } from '../../helpers/wait.ts';

let server: TestServer;
let rest: ReturnType<typeof restClient>;
let alice: string;

test.before(async () => {
  server = await startTestServer();
  rest = restClient(server.url);
  await waitFor(() => server.switchboard.pbx.connected, 5000, 'ESL link');
  alice = await server.signIn('agent@acme.test');
});
test.after(async () => {
  await server?.close();
});

const rowOf = async (uuid: string): Promise<CdrRow | undefined> => {
  const page = await rest('GET', '/api/cdr?limit=200', alice);
  return (page.body.rows as CdrRow[]).find((r) => r.uuid === uuid);
};

test("mod_json_cdr: a leg's quality figures are FreeSWITCH's variables, digit for digit", async () => {
  // A CDR FreeSWITCH 1.10.12 itself wrote (tests/fixtures/freeswitch/json-cdr), with figures made unlike any default.
  const document = JSON.parse(readFileSync(new URL('../../fixtures/freeswitch/json-cdr/internal-call-caller-leg.cdr.json', import.meta.url), 'utf8'));
  const uuid = '5b0c2f55-3d4e-4f6a-8b7c-9d0e1f2a3b4c';
  document.variables.uuid = uuid;
  document.callflow[0].caller_profile.uuid = uuid;
  Object.assign(document.variables, {
    rtp_audio_in_mos: '3.87',
    rtp_audio_in_quality_percentage: '84.00',
    rtp_audio_in_packet_count: '1234',
    rtp_audio_out_packet_count: '1240',
    rtp_audio_in_skip_packet_count: '7',
    rtp_audio_in_flaw_total: '197',
    rtp_audio_in_jitter_min_variance: '16.92',
    rtp_audio_in_jitter_max_variance: '58.24',
    rtp_audio_in_jitter_loss_rate: '0.16',
    rtp_audio_in_jitter_burst_rate: '1.25',
  });
  const res = await fetch(`${server.url}/freeswitch/cdr?uuid=${uuid}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
  assert.is(res.status, 200);
  const row = await rowOf(uuid);
  assert.equal(row?.quality, {
    mos: 3.87,
    qualityPercentage: 84,
    packetsIn: 1234,
    packetsOut: 1240,
    skipPacketsIn: 7,
    flawsIn: 197,
    jitterMinVariance: 16.92,
    jitterMaxVariance: 58.24,
    jitterLossRate: 0.16,
    jitterBurstRate: 1.25,
  });
  const csv = await (await fetch(`${server.url}/api/cdr.csv`, { headers: { cookie: alice } })).text();
  const [header, ...lines] = csv.trim().split('\r\n');
  const line = lines.find((l) => l.includes(uuid))?.split(',');
  const cell = (name: string) => line?.[header!.split(',').indexOf(name)];
  assert.is(cell('MOS'), '3.87', 'the CSV keeps FreeSWITCH\'s two decimals');
  assert.is(cell('Packets in'), '1234');
});

test('ESL: an answered call carries FreeSWITCH\'s figures, a missed one (no media) none', async () => {
  const talked = server.simulator.startCall({ from: '1002', to: '1001', domain: 'acme.pbx.test', direction: 'outbound' });
  server.simulator.answer(talked);
  await sleep(1000);
  server.simulator.hangup(talked);
  const missed = server.simulator.startCall({ from: '1002', to: '1001', domain: 'acme.pbx.test', direction: 'outbound' });
  server.simulator.hangup(missed, 'NO_ANSWER');
  const row = await waitFor(() => rowOf(talked), 5000, 'the answered call\'s row');
  assert.is(row.quality?.mos, 4.5);
  assert.is(row.quality?.qualityPercentage, 100);
  // One 20 ms packet each way per interval of the second it was answered.
  assert.ok(row.quality!.packetsIn >= 45 && row.quality!.packetsIn <= 60, `packets in: ${row.quality?.packetsIn}`);
  const none = await waitFor(() => rowOf(missed), 5000, 'the missed call\'s row');
  assert.is(none.status, 'missed');
  assert.is(none.quality, null);
});

test.run();
