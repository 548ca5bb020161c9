// A supervisor on an agent's call, in the live state (server/live/supervision.ts):
// the agent's extension says who and how (listening only when the tenant
// shows it), the supervisor's own says which call their phone is on; a
// hangup of either leg ends it by itself (every node sees it), a resync
// without its legs ends it, and a late word from another node about legs
// already gone changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Patch } from '../../../common/live.ts';
import type { Channel } from '../../../server/pbx/events.ts';
import type { Supervision, TenantSeed } from '../../../server/live/state.ts';
import { LiveStore } from '../../../server/live/store.ts';
import { fsDirection } from '../../../server/pbx/direction.ts';

const DOMAIN = 'acme.pbx.test';
const seed: TenantSeed = {
  id: 't-acme',
  name: 'Acme',
  domain: DOMAIN,
  credit: '0',
  currency: 'USD',
  queues: 0,
  extensions: ['1001', '1002', '1007'].map((number) => ({ number, dnd: false })),
};
const AGENT_LEG = 'a0a0a0a0-0000-4000-8000-000000000001';
const SUP_LEG = 'c0c0c0c0-0000-4000-8000-000000000007';
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const channel = (uuid: string, extension: string): Channel => ({
  uuid,
  direction: fsDirection('outbound'),
  domain: DOMAIN,
  extension,
  callerIdName: 'Dana',
  callerIdNumber: '+12025550147',
  destination: extension,
  answeredAt: 2,
  createdAt: 1,
});

const supervision = (patch: Partial<Supervision> = {}): Supervision => ({
  extension: '1001',
  supervisorExtension: '1007',
  userId: 'u-grace',
  name: 'Grace Lindqvist',
  mode: 'listen',
  supervisorUuid: SUP_LEG,
  targetUuid: AGENT_LEG,
  auditId: '1',
  since: 1_800_000_000_000,
  listenShown: true,
  ...patch,
});

function started() {
  const store = new LiveStore([seed]);
  const patches: Patch[] = [];
  store.onPatch((_, patch) => patches.push(patch));
  store.ingest({ kind: 'channel-created', at: 1, channel: channel(AGENT_LEG, '1001') });
  store.ingest({ kind: 'channel-created', at: 1, channel: channel(SUP_LEG, '1007') });
  return { store, patches, ext: (n: string) => store.snapshot('t-acme', [n])!.extensions[n]!.state };
}

const hangup = (uuid: string, extension: string) => ({
  kind: 'channel-hangup-complete' as const,
  at: 9,
  channel: channel(uuid, extension),
  hangupCause: 'NORMAL_CLEARING',
  endedAt: 9,
  billsec: 7,
  cdr: {} as never,
});

test('listening shows on the agent (when the tenant shows it) and on the supervisor\'s own extension; modes follow', async () => {
  const { store, patches, ext } = started();
  store.ingest({ kind: 'supervision', tenantId: 't-acme', extension: '1001', supervision: supervision() });
  await turn();
  assert.equal(ext('1001').supervisor, { name: 'Grace Lindqvist', mode: 'listen' });
  assert.equal(ext('1007').supervising, { extension: '1001', mode: 'listen', since: 1_800_000_000_000 });
  assert.ok(patches.some((p) => p.scope === 'ext:1001' && 'supervisor' in p.set));
  store.ingest({ kind: 'supervision', tenantId: 't-acme', extension: '1001', supervision: supervision({ mode: 'barge', since: 1_800_000_005_000 }) });
  await turn();
  assert.equal(ext('1001').supervisor, { name: 'Grace Lindqvist', mode: 'barge' });
  assert.equal(ext('1007').supervising?.mode, 'barge');
  assert.is(ext('1002').supervisor, undefined, 'nobody else is told');
});

test('the tenant hides listening: the agent sees nothing while listening, and whisper always', async () => {
  const { store, ext } = started();
  store.ingest({ kind: 'supervision', tenantId: 't-acme', extension: '1001', supervision: supervision({ listenShown: false }) });
  await turn();
  assert.is(ext('1001').supervisor, null);
  assert.equal(ext('1007').supervising?.mode, 'listen', 'the supervisor still sees their own bar');
  store.ingest({ kind: 'supervision', tenantId: 't-acme', extension: '1001', supervision: supervision({ listenShown: false, mode: 'whisper' }) });
  await turn();
  assert.equal(ext('1001').supervisor, { name: 'Grace Lindqvist', mode: 'whisper' });
});

for (const [who, uuid, extension] of [
  ["the supervisor's leg", SUP_LEG, '1007'],
  ["the agent's leg", AGENT_LEG, '1001'],
] as const) {
  test(`${who} hangs up: the supervision ends on both extensions`, async () => {
    const { store, ext } = started();
    store.ingest({ kind: 'supervision', tenantId: 't-acme', extension: '1001', supervision: supervision({ mode: 'whisper' }) });
    store.ingest(hangup(uuid, extension));
    await turn();
    assert.is(ext('1001').supervisor, null);
    assert.is(ext('1007').supervising, null);
    assert.is(store.tenantState('t-acme')!.supervisions.size, 0);
  });
}

test('a resync without the supervisor\'s leg ends it (it hung up while the ESL link was down)', async () => {
  const { store, ext } = started();
  store.ingest({ kind: 'supervision', tenantId: 't-acme', extension: '1001', supervision: supervision() });
  store.ingest({ kind: 'resync', at: 10, registrations: [], channels: [channel(AGENT_LEG, '1001')] });
  await turn();
  assert.is(ext('1001').supervisor, null);
  assert.is(store.tenantState('t-acme')!.supervisions.size, 0);
});

test('another node\'s word arriving after this node saw a leg hang up changes nothing', async () => {
  const { store, ext } = started();
  store.ingest(hangup(SUP_LEG, '1007'));
  store.ingest({ kind: 'supervision', tenantId: 't-acme', extension: '1001', supervision: supervision() });
  await turn();
  assert.is(ext('1001').supervisor, undefined);
  assert.is(store.tenantState('t-acme')!.supervisions.size, 0);
});

test.run();
