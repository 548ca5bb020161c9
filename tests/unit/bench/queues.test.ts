import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PbxSimulator } from '../../../freeswitch/simulator/index.ts';
import { buildPopulation, seededRandom } from '../../../bench/population.ts';
import { pace } from '../../../bench/traffic/pace.ts';
import { callCenterConfig, queuePlans, queueTraffic } from '../../../bench/traffic/queues.ts';

test('every agent answers 1–3 queues of its own tenant, named as mod_callcenter names them', () => {
  const population = buildPopulation(1000);
  const plans = queuePlans(population);
  const queuesOf = new Map<string, number>();
  for (const p of plans) {
    const domain = p.queue.slice(p.queue.indexOf('@') + 1);
    for (const agent of p.agents) {
      assert.ok(agent.endsWith(`@${domain}`), `${agent} in ${p.queue}`);
      queuesOf.set(agent, (queuesOf.get(agent) ?? 0) + 1);
    }
  }
  assert.is(queuesOf.size, 1000);
  assert.ok([...queuesOf.values()].every((n) => n >= 1 && n <= 3));
});

test('queue steps fire real callcenter events, the driver counts events, and the callers stay bounded', async () => {
  const population = buildPopulation(200);
  const plans = queuePlans(population);
  const sim = new PbxSimulator({ heartbeatMs: 0 });
  sim.callcenter.configure(callCenterConfig(plans, seededRandom(3)));
  try {
    const traffic = queueTraffic(sim.callcenter, plans, seededRandom(5));
    const r = await pace(2000, 0.5, () => traffic.fire(), () => false, () => sim.eventsFired);
    assert.is(r.fired, sim.eventsFired, 'the count is of events, not steps');
    assert.ok(r.fired >= 950 && r.fired <= 1010, `fired ${r.fired}`);
    const open = [...sim.callcenter.members.values()].filter((m) => m.state !== 'Abandoned').length;
    assert.ok(open <= 40, `${open} callers in the queues (cap 20 % of 200 agents)`);
    const answered = [...sim.callcenter.queues.values()].reduce((n, q) => n + q.callsAnswered, 0);
    assert.ok(answered > 0, 'some callers were answered');
  } finally {
    sim.callcenter.stop();
  }
});

test.run();
