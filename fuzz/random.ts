// A seeded generator (mulberry32): the same seed gives the same inputs, so a
// failure the fuzzers find can be replayed with its seed.
export interface Random {
  /** [0, 1) */
  next(): number;
  int(below: number): number;
  pick<T>(list: readonly T[]): T;
  bytes(n: number): Uint8Array;
}

export function random(seed: number): Random {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    next,
    int,
    pick: (list) => list[int(list.length)]!,
    bytes: (n) => Uint8Array.from({ length: n }, () => int(256)),
  };
}
