// Call quality against the real FreeSWITCH: two Chromium softphones (1001 and
// 1002) talk through FreeSWITCH over WebSocket with DTLS-SRTP media, in a
// network namespace with only `lo` (tests/sip/netns.ts), as in
// softphone.test.ts. The call view's quality panel shows the connection in
// words and live getStats figures; silencing one side's microphone track
// raises the one-way-audio warnings; after hangup the PBX CDR page shows, for
// each leg, FreeSWITCH's own MOS and packet counts — equal to the
// rtp_audio_* variables of its CHANNEL_HANGUP_COMPLETE on our own ESL link.
import modesl, { type EslConnection } from 'modesl';
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { axeViolations, describeFindings } from '../helpers/axe.ts';
import * as softphone from '../helpers/softphone-page.ts';
import { softphonePage, T } from '../helpers/softphone-page.ts';
import { waitFor } from '../helpers/wait.ts';
import { softphoneSuite } from './harness/softphone-suite.ts';

const { stack, browser, onTeardown, register, rows } = softphoneSuite(test);
let esl: EslConnection | undefined;
onTeardown(() => esl?.disconnect());
const hangups: { uuid: string; h: (name: string) => string | null }[] = [];

test.before(async () => {
  esl = await new Promise<EslConnection>((resolve, reject) => {
    const conn = new modesl.Connection('127.0.0.1', stack.fs.ports.esl, stack.fs.eslPassword, () => resolve(conn));
    conn.on('error', reject);
  });
  esl.events('plain', ['CHANNEL_HANGUP_COMPLETE']);
  esl.on('esl::event::**', (e: { type?: string; getHeader(n: string): string | null }) => {
    if (e.type === 'CHANNEL_HANGUP_COMPLETE') hangups.push({ uuid: e.getHeader('Unique-ID') ?? '', h: (n) => e.getHeader(n) });
  });
});

interface ChannelRow {
  uuid: string;
  direction: string;
  cid_num: string;
}
const channels = () => rows<ChannelRow>('channels');

/** The quality figures the open panel shows, from its data attributes. */
const figures = (page: Page) =>
  page.getByTestId('quality-details').evaluate((el: HTMLElement) => ({
    rttMs: el.dataset.rttMs === '' ? null : Number(el.dataset.rttMs),
    received: Number(el.dataset.packetsReceived || 0),
    sent: Number(el.dataset.packetsSent || 0),
  }));

/** Sets the microphone track the page is sending enabled or not, behind the softphone's back (as a system mute would). */
const micEnabled = (page: Page, on: boolean) =>
  page.evaluate((enabled) => {
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      for (const sender of pc.getSenders()) if (sender.track) sender.track.enabled = enabled;
    }
  }, on);

let A: Page;
let B: Page;
let aLeg: string;
let bLeg: string;

test('A (1001) calls B (1002) through FreeSWITCH; both hear each other', async () => {
  [A, B] = await Promise.all([softphonePage(browser, stack.url, 'agent@acme.test'), softphonePage(browser, stack.url, 'agent2@acme.test')]);
  await Promise.all([register(A, '1001'), register(B, '1002')]);
  await softphone.dial(A, '1002');
  await softphone.callStatus(B, 'incoming');
  await B.getByRole('button', { name: 'Answer' }).click();
  await Promise.all([A, B].map((p) => softphone.callStatus(p, 'connected')));
  for (const p of [A, B]) await waitFor(async () => (await softphone.delta(p, 1_000)).energy > 0, T, 'the other side to be heard');
  const list = await channels();
  aLeg = list.find((c) => c.cid_num === '1001' && c.direction === 'inbound')!.uuid;
  bLeg = list.find((c) => c.direction === 'outbound')!.uuid;
  assert.ok(aLeg && bLeg, 'both legs at FreeSWITCH');
});

test('the Call quality panel: the connection in words, non-zero RTT, packets both ways, an estimated MOS, the mic level', async () => {
  for (const p of [A, B]) {
    const toggle = p.getByRole('button', { name: /Call quality/ });
    await toggle.click();
    assert.is(await toggle.getAttribute('aria-expanded'), 'true');
    await waitFor(async () => {
      const f = await figures(p);
      return f.rttMs !== null && f.rttMs > 0 && f.received > 0 && f.sent > 0 ? f : undefined;
    }, T, 'RTT and packet counts', 250);
    assert.is(await p.getByTestId('quality-ice').innerText(), 'Network path open');
    assert.is(await p.getByTestId('quality-dtls').innerText(), 'Media encrypted (DTLS-SRTP)');
    assert.match(await p.getByTestId('quality-mos').innerText(), /^[1-4]\.\d\d \((good|fair|poor)\)$/);
    // The counters keep rising a second later: live, not a snapshot.
    const before = await figures(p);
    await waitFor(async () => ((await figures(p)).received > before.received ? true : undefined), T, 'packets to keep arriving', 250);
    assert.is(await p.getByTestId('quality-no-sound-in').count(), 0, 'no warning while both talk');
    assert.is(await p.getByTestId('quality-no-sound-out').count(), 0);
  }
  const f = await figures(A);
  // Where the round trip comes from: FreeSWITCH's RTCP receiver reports (remote-inbound-rtp), or ICE's consent checks.
  const sources = await A.evaluate(async () => {
    const found: string[] = [];
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((x) => x.connectionState !== 'closed')) {
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number') found.push(`RTCP ${(s.roundTripTime * 1000).toFixed(1)} ms`);
        if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') found.push(`ICE ${(s.currentRoundTripTime * 1000).toFixed(1)} ms`);
      });
    }
    return found.join(', ');
  });
  console.log(`  A's panel: RTT ${f.rttMs?.toFixed(1)} ms (${sources}), ${f.received} packets received, ${f.sent} sent; MOS ${await A.getByTestId('quality-mos').innerText()}`);
  // The fake microphone's beep moves the meter.
  await waitFor(async () => Number(await A.getByTestId('sp-quality-mic').getAttribute('data-level')) > 0, T, 'the mic meter to move', 100);
  const found = await axeViolations(A);
  assert.equal(found, [], describeFindings('the call view with its quality panel open', found));
});

test("B's microphone track silenced: A warns \"No sound from the other side\", B \"cannot hear you\"; both clear once it is back", async () => {
  await micEnabled(B, false);
  const warnIn = A.getByTestId('quality-no-sound-in');
  await warnIn.waitFor({ timeout: T });
  assert.is(await warnIn.innerText(), 'No sound from the other side.');
  assert.is(await warnIn.getAttribute('role'), 'alert');
  const warnOut = B.getByTestId('quality-no-sound-out');
  await warnOut.waitFor({ timeout: T });
  assert.is(await warnOut.innerText(), 'The other side cannot hear you: microphone muted by the system?');
  // Silencing is one way: B still hears A, so B has no "no sound" warning, and A's own microphone is fine.
  assert.is(await B.getByTestId('quality-no-sound-in').count(), 0);
  assert.is(await A.getByTestId('quality-no-sound-out').count(), 0);
  await micEnabled(B, true);
  await Promise.all([warnIn.waitFor({ state: 'detached', timeout: T }), warnOut.waitFor({ state: 'detached', timeout: T })]);
});

test("the user's own Mute is no fault: no warning on either side's outgoing audio", async () => {
  await B.getByRole('button', { name: 'Mute' }).click();
  await B.getByRole('button', { name: 'Unmute' }).waitFor({ timeout: T });
  // The far end does hear nothing, and says so; the one who muted is not warned.
  await A.getByTestId('quality-no-sound-in').waitFor({ timeout: T });
  assert.is(await B.getByTestId('quality-no-sound-out').count(), 0);
  await B.getByRole('button', { name: 'Unmute' }).click();
  await A.getByTestId('quality-no-sound-in').waitFor({ state: 'detached', timeout: T });
});

test("after hangup the PBX CDR page shows FreeSWITCH's own MOS and packet counts for each leg, equal to its variables", async () => {
  await A.getByRole('button', { name: 'Hang up' }).click();
  await Promise.all([A, B].map((p) => softphone.noCall(p)));
  for (const [page, uuid] of [[A, aLeg], [B, bLeg]] as const) {
    const event = await waitFor(() => hangups.find((e) => e.uuid === uuid), T, 'CHANNEL_HANGUP_COMPLETE', 100);
    const v = (name: string) => event.h(`variable_rtp_audio_${name}`) ?? '';
    assert.ok(Number(v('in_packet_count')) > 0 && Number(v('out_packet_count')) > 0, `FreeSWITCH counted packets both ways on ${uuid}`);
    await page.getByRole('link', { name: 'PBX CDR' }).click();
    const row = page.locator(`[data-testid="cdr-row"][data-uuid="${uuid}"]`);
    await row.waitFor({ timeout: T });
    const badge = row.getByTestId('cdr-quality').locator('.badge');
    assert.is(await badge.getAttribute('data-mos'), v('in_mos'), "FreeSWITCH's rtp_audio_in_mos, as it wrote it");
    assert.match(await badge.innerText(), new RegExp(`^MOS ${v('in_mos').replace('.', '\\.')} (good|fair|poor)$`));
    const shown = await row.getByTestId('cdr-quality-figures').innerText();
    const n = (name: string) => Number(v(name)).toLocaleString('en');
    assert.ok(shown.startsWith(`${n('in_packet_count')} in · ${n('out_packet_count')} out · ${n('in_flaw_total')} flaws`), `${shown} vs FreeSWITCH's counts`);
    assert.ok(shown.includes(`jitter var. ${v('in_jitter_max_variance')} ms²`), shown);
    console.log(`  ${page === A ? 'A' : 'B'}'s leg: FreeSWITCH MOS ${v('in_mos')} (R ${v('in_quality_percentage')} %), ${v('in_packet_count')} in, ${v('out_packet_count')} out, ${v('in_flaw_total')} flaws, jitter variance ${v('in_jitter_min_variance')}–${v('in_jitter_max_variance')} ms²`);
  }
});

test('the softphone check page: the microphone\'s live level, the test tone, and FreeSWITCH\'s WebSocket reachable with 1001 registered', async () => {
  // The floating panel covers the page's right edge: closed, as a user would (the phone stays registered).
  const close = A.getByRole('button', { name: 'Close softphone' });
  if (await close.isVisible()) await close.click();
  await A.getByRole('link', { name: 'Softphone check' }).click();
  await A.getByRole('heading', { name: 'Softphone check' }).waitFor({ timeout: T });
  await A.getByRole('button', { name: 'Test microphone' }).click();
  await A.locator('[data-testid="check-mic-status"][data-state="ok"]').waitFor({ timeout: T });
  assert.match(await A.getByTestId('check-mic-status').innerText(), /^Allowed: /);
  await waitFor(async () => Number(await A.getByTestId('check-mic-level').getAttribute('data-level')) > 0, T, 'the meter to move with the fake microphone\'s beep', 100);
  await A.getByRole('button', { name: 'Stop' }).click();
  await A.getByRole('button', { name: 'Test microphone' }).waitFor({ timeout: T });
  await A.getByRole('button', { name: 'Play test tone' }).click();
  await A.getByRole('button', { name: 'Yes, I heard it' }).click();
  assert.is(await A.getByTestId('check-speaker-status').innerText(), 'The speaker works.');
  // The address the softphone registered with: FreeSWITCH's ws-binding.
  assert.match(await A.getByText('SIP WebSocket server:').innerText(), new RegExp(`ws://127\\.0\\.0\\.1:${stack.fs.ports.ws}`));
  await A.getByRole('button', { name: 'Test connection' }).click();
  await A.locator('[data-testid="check-pbx-status"][data-state="ok"]').waitFor({ timeout: T });
  assert.match(await A.getByTestId('check-pbx-status').innerText(), /^Reachable: the PBX answered in \d+ ms\.$/);
  assert.match(await A.getByTestId('check-pbx-devices').innerText(), /The PBX has 1 device registered on extension 1001\./);
  // The probe registers nothing: FreeSWITCH still lists the one softphone.
  assert.is((await stack.fs.api('show registrations')).match(/^1001,/gm)?.length, 1);
  assert.ok(/^1001,/m.test(await stack.fs.api('show registrations')), 'still registered');
});

test.run();
