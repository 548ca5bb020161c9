// Byte-level mutations of a valid input, the way AFL's havoc stage makes them:
// flips, interesting values, inserted and deleted runs, repeats, splices with
// another seed. Pure: the generator decides everything.
import type { Random } from './random.ts';

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x0a, 0x0d, 0x25, 0x3a, 0x20, 0x00];

type Mutation = (input: Uint8Array, r: Random, other: Uint8Array) => Uint8Array;

const at = (input: Uint8Array, r: Random) => (input.length ? r.int(input.length) : 0);
const concat = (...parts: Uint8Array[]) => Buffer.concat(parts);

const MUTATIONS: Mutation[] = [
  (input, r) => {
    const out = Uint8Array.from(input);
    const i = at(out, r);
    if (out.length) out[i] = out[i]! ^ (1 << r.int(8));
    return out;
  },
  (input, r) => {
    const out = Uint8Array.from(input);
    if (out.length) out[at(out, r)] = r.pick(INTERESTING);
    return out;
  },
  (input, r) => {
    const i = at(input, r);
    return concat(input.subarray(0, i), r.bytes(1 + r.int(16)), input.subarray(i));
  },
  (input, r) => {
    const i = at(input, r);
    return concat(input.subarray(0, i), input.subarray(i + 1 + r.int(32)));
  },
  (input, r) => {
    const i = at(input, r);
    const run = input.subarray(i, i + 1 + r.int(64));
    return concat(input.subarray(0, i), ...Array.from({ length: 2 + r.int(8) }, () => run), input.subarray(i));
  },
  (input, r, other) => concat(input.subarray(0, at(input, r)), other.subarray(at(other, r))),
  (input, r) => input.subarray(0, at(input, r)),
];

/** One to four stacked mutations of `input`, sometimes spliced with `other`. */
export function mutate(input: Uint8Array, r: Random, other: Uint8Array = input): Uint8Array {
  let out = input;
  for (let n = 1 + r.int(4); n > 0; n--) out = r.pick(MUTATIONS)(out, r, other);
  return out;
}
