// The default of a switch over a union whose every member has its case:
// `default: return assertNever(x)`. A member added to the union and not
// handled is then a compile error at that line (x is not `never` any more),
// and a value outside the type at run time (a stray row, a newer peer) is
// refused loudly instead of being handled by nobody.
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
