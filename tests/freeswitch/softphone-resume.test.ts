// Calls that outlive the agent's tab, against the real FreeSWITCH: agent A
// (1001) and caller B (1002) are Chromium softphones registered over
// WebSocket (the pattern of softphone.test.ts: a loopback-only namespace).
// When A's tab reloads mid-call JsSIP sends nothing, the WebSocket closes,
// and FreeSWITCH drops the registration but not the call; Switchboard moves
// B to the served hold extension, A's reloaded tab offers "Resume call with
// Ben Okafor (1002)" and takes B back. Unresumed, B goes where an unanswered
// call to 1001 goes: 1001's voicemail. RESUME_SECONDS is short here.
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { axeViolations, describeFindings } from '../helpers/axe.ts';
import * as softphone from '../helpers/softphone-page.ts';
import { softphonePage, T } from '../helpers/softphone-page.ts';
import { waitFor } from '../helpers/wait.ts';
import { DOMAIN, softphoneSuite } from './harness/softphone-suite.ts';

const RESUME_SECONDS = 12;

const { stack, browser, register, rows } = softphoneSuite(test, { env: { RESUME_SECONDS: String(RESUME_SECONDS) } });

interface ChannelRow {
  uuid: string;
  direction: string;
  cid_num: string;
  dest: string;
  callstate: string;
  application: string;
  presence_id: string;
}
const channels = () => rows<ChannelRow>('channels');
const calls = () => rows<{ uuid: string; b_uuid: string }>('calls');
/** B's own leg: the inbound channel 1002 placed. */
const callerLeg = async () => (await channels()).find((c) => c.cid_num === '1002' && c.direction === 'inbound');

let A: Page;
let B: Page;

const registered = (page: Page) => page.locator('[data-testid="softphone-status"][data-state="registered"]').waitFor({ timeout: T });
const registeredAtPbx = (extension: string) =>
  waitFor(async () => new RegExp(`^${extension},`, 'm').test(await stack.fs.api('show registrations')), T, `FreeSWITCH to list ${extension}`, 200);

/** B calls A and A answers: audio both ways. Returns B's leg. */
async function talking(): Promise<ChannelRow> {
  await softphone.dial(B, '1001');
  await softphone.callStatus(A, 'incoming');
  await A.getByRole('button', { name: 'Answer' }).click();
  await Promise.all([softphone.callStatus(A, 'connected'), softphone.callStatus(B, 'connected')]);
  for (const p of [A, B]) await waitFor(async () => (await softphone.delta(p, 1_000)).energy > 0, T, 'audio to each side');
  return (await callerLeg())!;
}

/** A's tab reloads mid-call (as a crash or a closed tab would: JsSIP sends no BYE); the panel is opened again. */
async function reloadAgent(openPanel: boolean) {
  await A.reload();
  if (!openPanel) return;
  await A.getByTestId('softphone-button').click({ timeout: T });
  // Registers by itself with the saved settings (the password fetched again from My Account).
  await registered(A);
}

test('A and B register over WebSocket', async () => {
  [A, B] = await Promise.all([softphonePage(browser, stack.url, 'agent@acme.test'), softphonePage(browser, stack.url, 'agent2@acme.test')]);
  await Promise.all([register(A, '1001'), register(B, '1002')]);
  await Promise.all([registeredAtPbx('1001'), registeredAtPbx('1002')]);
});

test('A hangs up on purpose: the call ends for B, nothing is held', async () => {
  await talking();
  await A.getByRole('button', { name: 'Hang up' }).click();
  await softphone.noCall(B);
  await waitFor(async () => (await channels()).length === 0, T, 'FreeSWITCH to clear both legs', 200);
  assert.is(await A.getByTestId('softphone-resume').count(), 0, 'no offer');
});

test('A reloads mid-call: B is held by FreeSWITCH, A is offered "Resume call with Ben Okafor (1002)", takes B back, audio flows, one CDR row', async () => {
  const b = await talking();
  const aLeg = (await channels()).find((c) => c.presence_id === `1001@${DOMAIN}`)!;
  await reloadAgent(false);
  // FreeSWITCH drops the registration, Switchboard moves B (the same leg) to the hold extension: a tone, not a hang-up.
  const held = await waitFor(async () => {
    const leg = await callerLeg();
    return leg?.dest === 'switchboard-hold-1001' && leg.application === 'playback' ? leg : undefined;
  }, T, 'B to be held in switchboard-hold-1001', 200);
  assert.is(held.uuid, b.uuid, 'B\'s own leg, still up');
  await softphone.callStatus(B, 'connected');
  await waitFor(async () => (await softphone.delta(B, 1_000)).energy > 0, T, 'B to hear the hold tone');

  await A.getByTestId('softphone-button').click({ timeout: T });
  await registered(A);
  const offer = A.getByTestId('softphone-resume');
  await offer.waitFor({ timeout: T });
  assert.match(await offer.innerText(), /Resume call with Ben Okafor \(1002\)/);
  const resume = offer.getByRole('button', { name: 'Resume', exact: true });
  await waitFor(() => resume.evaluate((el) => el === document.activeElement), T, 'Resume to have the keyboard', 100);
  const found = await axeViolations(A);
  assert.is(found.length, 0, describeFindings('the resume offer', found));
  await A.keyboard.press('Enter');

  await softphone.callStatus(A, 'connected');
  assert.is(await A.getByTestId('softphone-peer').innerText(), 'Ben Okafor', 'the call shows its party, not the address dialled');
  await offer.waitFor({ state: 'detached', timeout: T });
  // FreeSWITCH bridged the very same leg of B to A's new leg.
  const bridged = await waitFor(async () => {
    const rows = await calls();
    return rows.length === 1 && [rows[0]!.uuid, rows[0]!.b_uuid].includes(b.uuid) ? rows : undefined;
  }, T, 'B\'s leg bridged to A again', 200);
  assert.ok(bridged);
  for (const p of [A, B]) await waitFor(async () => (await softphone.delta(p, 1_000)).energy > 0, T, 'audio to each side after resume');

  // A hangs up on purpose: the call ends for B.
  await A.getByRole('button', { name: 'Hang up' }).click();
  await softphone.noCall(B);
  await waitFor(async () => (await channels()).length === 0, T, 'FreeSWITCH to clear every leg', 200);
  // A's CDR: one call — the row of the leg that vanished, lengthened to the real end — not two.
  const rows = await waitFor(async () => {
    const r = await stack.sql<{ uuid: string; billsec: number; ended_at: Date }>(
      `select c.uuid, c.billsec, c.ended_at from cdr c join users u on u.id = c.user_id where u.email = 'agent@acme.test'`,
    );
    const ended = await stack.sql(`select 1 from cdr where uuid = ?`, [b.uuid]);
    return ended.length ? r : undefined;
  }, T, 'the CDRs to be recorded', 200);
  assert.is(rows.length, 2, 'the earlier call plus this one'); // the hang-up test's call, and this call once
  const row = rows.find((r) => r.uuid === aLeg.uuid);
  assert.ok(row, 'the row is the vanished leg\'s');
  assert.ok(row.billsec >= RESUME_SECONDS / 4, `billsec ${row.billsec} counts the resumed part`);
});

test('A reloads and does not resume in time: B goes to 1001\'s voicemail, the offer goes', async () => {
  const b = await talking();
  await reloadAgent(true);
  const offer = A.getByTestId('softphone-resume');
  await offer.waitFor({ timeout: T });
  const started = Date.now();
  await waitFor(async () => (await callerLeg())?.application === 'voicemail', (RESUME_SECONDS + 10) * 1000, 'B\'s leg to run voicemail', 200);
  const waited = (Date.now() - started) / 1000;
  assert.ok(waited > RESUME_SECONDS / 2, `held for a while first (${waited.toFixed(1)} s)`);
  assert.is((await callerLeg())!.uuid, b.uuid, 'the same leg of B');
  await offer.waitFor({ state: 'detached', timeout: 5_000 });
  await B.getByRole('button', { name: 'Hang up' }).click();
  await waitFor(async () => (await channels()).length === 0, T, 'FreeSWITCH to clear B\'s leg', 200);
});

test('a queue call: A reloads, takes the caller back from the hold, and the agent has the call in the CDR once', async () => {
  // Only A answers for sales here (mod_callcenter's own word on it).
  await stack.fs.api('callcenter_config agent set status 1001@acme.pbx.test Available');
  // The softphone dials numbers only: FreeSWITCH calls B and, answered, routes B's leg to "sales" through our dialplan.
  const originated = stack.fs.api(`originate {origination_caller_id_number=1002,origination_caller_id_name=Ben}user/1002@${DOMAIN} sales XML ${DOMAIN}`);
  await softphone.callStatus(B, 'incoming');
  await B.getByRole('button', { name: 'Answer' }).click();
  const bUuid = /^\+OK ([0-9a-f-]{36})/.exec(await originated)?.[1];
  assert.ok(bUuid, 'originate answered +OK <uuid>');
  await softphone.callStatus(A, 'incoming');
  await A.getByRole('button', { name: 'Answer' }).click();
  await softphone.callStatus(A, 'connected');
  await waitFor(async () => (await calls()).some((r) => [r.uuid, r.b_uuid].includes(bUuid)), T, 'mod_callcenter to bridge B to A', 200);
  const aLeg = (await channels()).find((c) => c.presence_id === `1001@${DOMAIN}`)!;
  await reloadAgent(true);
  const offer = A.getByTestId('softphone-resume');
  await offer.waitFor({ timeout: T });
  // uuid_transfer's +OK comes before the leg runs the hold's dialplan: its dest follows within moments.
  await waitFor(async () => (await channels()).find((c) => c.uuid === bUuid)?.dest === 'switchboard-hold-1001', 5_000, 'the caller held, not hung up', 100);
  await offer.getByRole('button', { name: 'Resume', exact: true }).click();
  await softphone.callStatus(A, 'connected');
  await waitFor(async () => (await calls()).some((r) => [r.uuid, r.b_uuid].includes(bUuid)), T, 'the caller bridged to A again', 200);
  for (const p of [A, B]) await waitFor(async () => (await softphone.delta(p, 1_000)).energy > 0, T, 'audio to each side after resume');
  await A.getByRole('button', { name: 'Hang up' }).click();
  await softphone.noCall(B);
  await waitFor(async () => (await channels()).length === 0, T, 'FreeSWITCH to clear every leg', 200);
  await waitFor(async () => (await stack.sql(`select 1 from cdr where uuid = ?`, [bUuid])).length > 0, T, 'the caller\'s CDR', 200);
  assert.is((await stack.sql(`select 1 from cdr where uuid = ?`, [aLeg.uuid])).length, 1, 'the agent\'s leg of the queue call, once');
  assert.is((await stack.sql(`select 1 from cdr where destination like 'resume-%'`)).length, 0, 'no second row for the leg that took the call back');
});

test.run();
