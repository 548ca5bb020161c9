// The PBX side of the bench, in its own process: two simulators speaking ESL
// over TCP — one the product's server connects to, one the floor's — and the
// rate driver that fires registration and call events into one of them.
// Queue events will be one more generator in `mixFor`.
import { PbxSimulator } from '../../freeswitch/simulator/index.ts';
import { seededRandom, type BenchTenant } from '../population.ts';
import { calls } from '../traffic/calls.ts';
import { mix, type Phone } from '../traffic/generator.ts';
import { pace } from '../traffic/pace.ts';
import { registrations } from '../traffic/registrations.ts';
import { serve } from './serve.ts';

export type Target = 'product' | 'floor';

const sims = {} as Record<Target, { sim: PbxSimulator; fire: () => void }>;
let stopRequested = false;

function mixFor(sim: PbxSimulator, phones: Phone[], seed: number) {
  const random = seededRandom(seed);
  return mix([registrations(sim, phones, random), calls(sim, phones, random)], random);
}

const handlers = {
  async start(tenants: Pick<BenchTenant, 'domain' | 'extensions'>[]) {
    const phones = tenants.flatMap((t) => t.extensions.map((extension) => ({ domain: t.domain, extension })));
    const ports = {} as Record<Target, number>;
    for (const target of ['product', 'floor'] as const) {
      // No heartbeats: they would land in the middle of a measurement.
      const sim = new PbxSimulator({ heartbeatMs: 0 });
      ports[target] = await sim.start();
      sims[target] = { sim, fire: mixFor(sim, phones, 7) };
    }
    return ports;
  },
  /** The product's server has subscribed and read back registrations and channels. */
  productReady: () => sims.product.sim.commands.includes('show channels as json'),
  drive({ target, rate, seconds }: { target: Target; rate: number; seconds: number }) {
    stopRequested = false;
    return pace(rate, seconds, sims[target].fire, () => stopRequested);
  },
  /** Ends the current drive early. */
  stop() {
    stopRequested = true;
  },
};

export type PbxApi = typeof handlers;
serve(handlers);
