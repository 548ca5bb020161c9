// The PBX side of the bench, in its own process: two simulators speaking ESL
// over TCP — one the product's server connects to, one the floor's — and the
// rate driver that fires registration, call and queue (mod_callcenter)
// events into one of them. Both simulators hold the same queues, agents and
// tiers, the ones the bench database seeds.
import { PbxSimulator } from '../../freeswitch/simulator/index.ts';
import { seededRandom, type BenchTenant } from '../population.ts';
import { calls } from '../traffic/calls.ts';
import { mix, type Generator, type Phone } from '../traffic/generator.ts';
import { pace } from '../traffic/pace.ts';
import { callCenterConfig, queueTraffic, type QueuePlan } from '../traffic/queues.ts';
import { registrations } from '../traffic/registrations.ts';
import { serve } from './serve.ts';

export type Target = 'product' | 'floor';

const sims = {} as Record<Target, { sim: PbxSimulator; fire: () => void; events: Record<string, number> }>;
let stopRequested = false;

/**
 * Registration, call and queue steps, one in three each; a queue step fires
 * 1–4 events, so about 60 % of all events are mod_callcenter's. `events`
 * counts what each kind fired.
 */
function mixFor(sim: PbxSimulator, phones: Phone[], queues: QueuePlan[], seed: number) {
  const random = seededRandom(seed);
  const events: Record<string, number> = {};
  const counted = (g: Generator): Generator => {
    events[g.name] = 0;
    return {
      ...g,
      fire() {
        const before = sim.eventsFired;
        g.fire();
        events[g.name]! += sim.eventsFired - before;
      },
    };
  };
  const generators = [registrations(sim, phones, random), calls(sim, phones, random)];
  if (queues.length) generators.push(queueTraffic(sim.callcenter, queues, random));
  return { fire: mix(generators.map(counted), random), events };
}

const handlers = {
  async start({ tenants, queues }: { tenants: Pick<BenchTenant, 'domain' | 'extensions'>[]; queues: QueuePlan[] }) {
    const phones = tenants.flatMap((t) => t.extensions.map((extension) => ({ domain: t.domain, extension })));
    const ports = {} as Record<Target, number>;
    for (const target of ['product', 'floor'] as const) {
      // No heartbeats: they would land in the middle of a measurement.
      const sim = new PbxSimulator({ heartbeatMs: 0 });
      // What callcenter.conf would hold; the server reads it back on connect (callcenter_config … list).
      sim.callcenter.configure(callCenterConfig(queues, seededRandom(3)));
      ports[target] = await sim.start();
      sims[target] = { sim, ...mixFor(sim, phones, queues, 7) };
    }
    return ports;
  },
  /** Events fired so far into a target's simulator, by generator. */
  events: (target: Target) => ({ ...sims[target].events }),
  /** The product's server (or each of `nodes` servers) has subscribed and read back registrations and channels. */
  productReady: (nodes = 1) => sims.product.sim.commands.filter((c) => c === 'show channels as json').length >= nodes,
  drive({ target, rate, seconds }: { target: Target; rate: number; seconds: number }) {
    stopRequested = false;
    const { sim, fire } = sims[target];
    return pace(rate, seconds, fire, () => stopRequested, () => sim.eventsFired);
  },
  /** Ends the current drive early. */
  stop() {
    stopRequested = true;
  },
};

export type PbxApi = typeof handlers;
serve(handlers);
