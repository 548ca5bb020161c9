// What the rate driver asks of a traffic source: fire exactly one ESL event
// per call, so the driver's count is the event count. Queue events
// (mod_callcenter) join the mix as one more generator.
import type { PbxSimulator } from '../../freeswitch/simulator/index.ts';

export interface Generator {
  name: string;
  /** Relative share of the events this generator fires. */
  weight: number;
  fire(): void;
}

/** An agent's phone as the simulator knows it. */
export interface Phone {
  domain: string;
  extension: string;
}

export type Sim = Pick<PbxSimulator, 'register' | 'unregister' | 'startCall' | 'answer' | 'hangup'>;

/** Picks a generator by weight for every event. */
export function mix(generators: Generator[], random: () => number): () => void {
  const total = generators.reduce((sum, g) => sum + g.weight, 0);
  return () => {
    let r = random() * total;
    for (const g of generators) {
      r -= g.weight;
      if (r < 0) return g.fire();
    }
    generators[generators.length - 1]!.fire();
  };
}
