// The simulator held to FreeSWITCH: the scripted ESL scenario
// (tests/freeswitch/harness/esl-scenario.ts) runs against the simulator and
// every frame is compared with what a real FreeSWITCH 1.10.12 sent for the
// same script (tests/fixtures/freeswitch/*.json, `npm run record-fixtures`).
// Compared: the frames' content types and outer headers, reply texts word
// for word, api bodies' shapes (JSON columns, mod_callcenter tables, sofia's
// XML status line for line), and of each event every header our parsers read
// (server/pbx/*.ts) — present in both or in neither, with values of the same
// kind. No FreeSWITCH needed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PbxSimulator } from '../../../freeswitch/simulator/index.ts';
import { pbxScenario, wireScenario, type Recording, type ScenarioPbx } from '../../freeswitch/harness/esl-scenario.ts';
import type { TapFrame } from '../../freeswitch/harness/esl-tap.ts';
import { parseSofiaCallIds } from '../../../server/pbx/resync.ts';
import { compare, compareHeaderOrder, eventOf, fixture, jsonRows, relied } from '../../helpers/esl-conformance.ts';

// The simulator, its phones scripted where FreeSWITCH's were sipp.

const DOMAIN = 'acme.pbx.test';
const pbxRecording = fixture('pbx');
const wireRecording = fixture('wire');
const queue = /\n([^|\n]+)\|/.exec(pbxRecording['api/callcenter-queue-list']![0]!.body ?? '')?.[1];

const sim = new PbxSimulator({ heartbeatMs: 300, password: 'conformance', users: (user) => /^10(0\d|1[0-2])$/.test(user), gateways: ['carrier'] });
let wire: Recording = {};
let calls: Recording = {};

function simScenarioPbx(): ScenarioPbx {
  let nextPort = 40_000;
  const device = (user: string, expires: number) => {
    const port = nextPort++;
    const callId = sim.register({ user, domain: DOMAIN, expires, networkIp: '127.0.0.1', networkPort: port, networkProto: 'udp', userAgent: `sipp-device-${port}` });
    return { port, callId };
  };
  return {
    get port() {
      return sim.port;
    },
    password: 'conformance',
    domain: DOMAIN,
    async register(user, expires, end) {
      const { callId } = device(user, expires);
      return {
        // The simulator's sofia expires a quiet device at once instead of after expires + 60 s.
        end: async () => (end === 'unregister' ? sim.unregister(user, DOMAIN, callId) : void setTimeout(() => sim.expire(user, DOMAIN, callId), 50)),
        close: async () => {},
      };
    },
    async answeringPhone(user) {
      device(user, 300);
      return { end: async () => {}, close: async () => {} };
    },
    // The simulator's legs: the caller's (inbound) and the one FreeSWITCH rings (outbound), as a bridge makes them.
    async phoneCall(from, to, holdMs) {
      const a = sim.startCall({ from, to, domain: DOMAIN, direction: 'inbound' });
      // The leg rung to the callee shows the caller's directory name (effective_caller_id_name); the seed's for 1005.
      const b = sim.startCall({ from, to, domain: DOMAIN, direction: 'outbound', callerIdName: 'Esther Cohen' });
      sim.answer(b);
      sim.answer(a);
      await new Promise((r) => setTimeout(r, Math.min(holdMs, 200)));
      sim.hangup(a);
      sim.hangup(b);
    },
    // mod_callcenter as the simulator plays it: the agent's phone answers the offer, the caller hangs up.
    async queueCall(from, queue, holdMs) {
      const answered = new Promise<void>((resolve) => {
        const off = sim.callcenter.onOffer((agent) => {
          off();
          setTimeout(() => {
            sim.callcenter.answer(agent);
            resolve();
          }, 50);
        });
      });
      // The caller's ID as the phone sent it (no display name): mod_callcenter's CC-Member-CID-Name is the channel's.
      const member = sim.callcenter.join(queue, { cidName: from, cidNumber: from });
      await answered;
      await new Promise((r) => setTimeout(r, Math.min(holdMs, 200)));
      sim.callcenter.hangup(member);
    },
    expiryWaitMs: () => 0,
  };
}

test.before(async () => {
  await sim.start();
  if (queue) {
    // The queue FreeSWITCH listed, with the agents and tiers it listed for it.
    const rows = (step: string) => (pbxRecording[step]?.[0]?.body ?? '').split('\n').slice(1).filter((l) => l.includes('|'));
    const agents = rows('api/callcenter-queue-agents').map((l) => l.split('|')[0]!);
    sim.callcenter.configure({ queues: [{ name: queue }], agents: agents.map((name) => ({ name })), tiers: agents.map((agent, i) => ({ queue, agent, position: i + 1 })) });
  }
  const pbx = simScenarioPbx();
  wire = await wireScenario(pbx);
  calls = await pbxScenario(pbx);
});
test.after(() => sim.stop());

const report = (divergences: string[]) => assert.equal(divergences, [], `the simulator differs from FreeSWITCH:\n  ${divergences.join('\n  ')}`);

test('the parsers read headers: the list is not empty', () => {
  assert.ok(relied.has('Unique-ID') && relied.has('call-id') && relied.has('CC-Action'), [...relied].join(' '));
});

test('mod_event_socket: auth and commands before it, as FreeSWITCH answers them', () => {
  report(compare(wireRecording, wire, (s) => s.startsWith('pre-auth/') || s.startsWith('wrong-password/')));
});

test('mod_event_socket: linger, nolog, noevents, event names, filters, bgapi, exit', () => {
  report(compare(wireRecording, wire, (s) => s.startsWith('listener/')));
});

test('sofia::register, unregister and expire carry what the parsers read, in the same kinds', () => {
  report(compare(pbxRecording, calls, (s) => /^event\/(register|unregister|unregister-plain|expire)$/.test(s) || s.startsWith('subscribe')));
});

test('show registrations: the columns, and expires = registration time + expires + 60 s (global_getvar says the margin)', () => {
  const out = compare(pbxRecording, calls, (s) => s.startsWith('api/show-registrations') || s.startsWith('api/global-getvar'));
  for (const [who, rec] of [['FreeSWITCH', pbxRecording], ['the simulator', calls]] as const) {
    const frame = rec['event/register']![0]!;
    const event = 'event' in frame && frame.event ? frame.event : (JSON.parse((frame as TapFrame).body) as Record<string, string>);
    const body = rec['api/show-registrations']![0]!.body ?? '';
    const row = jsonRows(body).rows?.find((r) => r.token === event['call-id']);
    const registeredAt = Math.floor(Number(event['Event-Date-Timestamp']) / 1_000_000);
    const late = Number(row?.expires) - registeredAt - Number(event.expires);
    if (!(late >= 59 && late <= 61)) out.push(`${who}: show registrations expires is registration + expires + ${late} s, not + 60 s`);
  }
  report(out);
});

test("sofia's own table (xmlstatus) as sofia writes it; flush_inbound_reg: its replies, sofia::expire, the phone out of sofia's table and its core row kept until it expires", () => {
  const out = compare(pbxRecording, calls, (s) => s.startsWith('api/sofia-') || s === 'api/show-registrations-after-flush' || s === 'event/flush-expire');
  // sofia_reg_del_callback's headers, all of them in its order, whether a flush or sofia's sweep expired the phone.
  out.push(...compareHeaderOrder(pbxRecording, calls, 'event/flush-expire'), ...compareHeaderOrder(pbxRecording, calls, 'event/expire'));
  const body = (rec: typeof pbxRecording | Recording, step: string) => rec[step]?.[0]?.body ?? '';
  const users = (rec: typeof pbxRecording | Recording, step: string) => [...body(rec, step).matchAll(/<user>([^<]*)<\/user>/g)].map((m) => m[1]).sort().join(' ');
  for (const step of ['api/sofia-xmlstatus-reg', 'api/sofia-xmlstatus-reg-after-flush']) {
    if (users(pbxRecording, step) !== users(calls, step)) out.push(`${step}: sofia holds [${users(pbxRecording, step)}] in FreeSWITCH, [${users(calls, step)}] in the simulator`);
  }
  for (const [who, rec] of [['FreeSWITCH', pbxRecording], ['the simulator', calls]] as const) {
    const frame = rec['event/flush-expire']?.[0];
    if (!frame) continue;
    const event = eventOf(frame);
    const callId = event['call-id']!;
    // What the resync reads (server/pbx/resync.ts): the phone in sofia's table before the flush, not after.
    if (!parseSofiaCallIds(body(rec, 'api/sofia-xmlstatus-reg'))?.has(callId)) out.push(`${who}: sofia's table lacks ${callId} before the flush`);
    const after = parseSofiaCallIds(body(rec, 'api/sofia-xmlstatus-reg-after-flush'));
    if (!after || after.has(callId)) out.push(`${who}: sofia's table after the flush is ${after ? `still holding ${callId}` : 'not a table'}`);
    if (parseSofiaCallIds(body(rec, 'api/sofia-xmlstatus-no-profile')) !== undefined) out.push(`${who}: an unknown profile's answer reads as a table`);
    // The core's row stays, with the expiry it had (registration + expires + 60 s, sofia::expire's absolute expires).
    const row = jsonRows(body(rec, 'api/show-registrations-after-flush')).rows?.find((r) => r.token === callId);
    if (!row) out.push(`${who}: the core's table dropped ${callId} on the flush`);
    else if (row.expires !== event.expires) out.push(`${who}: the core's row expires at ${String(row.expires)}, sofia::expire says ${event.expires}`);
    // expsecs: the seconds from then to that same expiry.
    const status = body(rec, 'api/sofia-xmlstatus-reg').split('<registration>').find((r) => r.includes(`<call-id>${callId}</call-id>`)) ?? '';
    const expsecs = Number(/expsecs\((-?\d+)\)/.exec(status)?.[1]);
    const left = Number(event.expires) - Number(event['Event-Date-Timestamp']) / 1_000_000;
    if (!(Math.abs(expsecs - left) <= 2)) out.push(`${who}: expsecs(${expsecs}) in sofia's table, while sofia's expiry was ${left.toFixed(1)} s away`);
  }
  report(out);
});

test('a call: CHANNEL_CREATE, CHANNEL_ANSWER, CHANNEL_HANGUP_COMPLETE, show channels, uuid_exists, uuid_kill', () => {
  report(compare(pbxRecording, calls, (s) => /^event\/channel-/.test(s) || /^api\/(show-channels|uuid-)/.test(s)));
});

test('a phone calls a phone: both legs of the bridge, created, answered, hung up', () => {
  report(compare(pbxRecording, calls, (s) => /^event\/(caller|callee)-leg-/.test(s)));
});

test('originate: its errors, and bgapi with its BACKGROUND_JOB', () => {
  report(compare(pbxRecording, calls, (s) => /^api\/(bgapi-)?originate/.test(s)));
});

test('xml_flush_cache and callcenter_config replies', () => {
  report(compare(pbxRecording, calls, (s) => /^api\/(xml-flush-cache|callcenter-)/.test(s)));
});

test('mod_callcenter: a caller queued, offered, bridged and done; an agent status set over ESL', () => {
  report(compare(pbxRecording, calls, (s) => /^event\/cc-/.test(s) || s === 'api/callcenter-agent-set-status'));
});

test('HEARTBEAT', () => {
  report(compare(pbxRecording, calls, (s) => s === 'event/heartbeat'));
});

test.run();
