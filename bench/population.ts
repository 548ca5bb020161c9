// Who the benchmark's agents are, the way a hosted call center looks: most
// agents in a few big tenants, the rest in many small ones; each agent owns
// one extension and answers 1–3 of its tenant's queues. Pure and seeded, so
// every run (and every process) builds the same people.

export interface BenchTenant {
  name: string;
  domain: string;
  /** Extension numbers, one per agent, in order. */
  extensions: string[];
  queues: string[];
}

export interface BenchAgent {
  tenant: number;
  email: string;
  extension: string;
  queues: string[];
}

export interface Population {
  tenants: BenchTenant[];
  /** Shuffled: any prefix of N agents spreads over tenants like the whole. */
  agents: BenchAgent[];
}

/** Shares of all agents held by the big tenants; the rest sit in tenants of SMALL_TENANT agents. */
const BIG_SHARES = [0.4, 0.25, 0.15, 0.08];
const SMALL_TENANT = 15;
const AGENTS_PER_QUEUE = 40;

/** mulberry32: a tiny seeded PRNG, good enough to spread load. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function tenantSizes(total: number): number[] {
  const sizes = BIG_SHARES.map((s) => Math.floor(total * s)).filter((n) => n > 0);
  let rest = total - sizes.reduce((a, b) => a + b, 0);
  while (rest > 0) {
    const n = Math.min(SMALL_TENANT, rest);
    sizes.push(n);
    rest -= n;
  }
  return sizes;
}

export function buildPopulation(total: number, seed = 1): Population {
  const random = seededRandom(seed);
  const tenants: BenchTenant[] = [];
  const agents: BenchAgent[] = [];
  tenantSizes(total).forEach((size, t) => {
    const domain = `t${t}.bench.test`;
    const queues = Array.from({ length: Math.max(1, Math.ceil(size / AGENTS_PER_QUEUE)) }, (_, q) => `q${q}`);
    const extensions: string[] = [];
    for (let i = 0; i < size; i++) {
      const extension = String(1001 + i);
      extensions.push(extension);
      const wanted = Math.min(queues.length, 1 + Math.floor(random() * 3));
      const mine = new Set<string>();
      while (mine.size < wanted) mine.add(queues[Math.floor(random() * queues.length)]!);
      agents.push({ tenant: t, email: `a${i}@${domain}`, extension, queues: [...mine] });
    }
    tenants.push({ name: `Bench tenant ${t}`, domain, extensions, queues });
  });
  for (let i = agents.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [agents[i], agents[j]] = [agents[j]!, agents[i]!];
  }
  return { tenants, agents };
}
