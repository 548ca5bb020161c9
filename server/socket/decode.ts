// The one door for every client→server message: a Socket.IO event is
// decoded against its schema (common/socket-payloads.ts) before any handler
// sees it, and refused otherwise with a code a program can read. Like
// wazo-websocketd's protocol.py, the checks run in a fixed order and the
// first that fails is the one reported (the order of REFUSAL_CODES), so one
// bad message always gets the same answer.
import type { z } from 'zod';
import { CLIENT_EVENTS, type EventShape } from '../../common/socket-payloads.ts';
import type { ClientToServerEvents, Refusal, RefusalCode } from '../../common/socket.ts';
import type { FloodGate } from './flood.ts';

export type ClientEvent = keyof ClientToServerEvents;
type Params<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>;

export type Decoded = { [E in ClientEvent]: { ok: true; event: E; args: Params<E> } }[ClientEvent];

/** A handler for every client event, called only with decoded arguments. */
export type ClientHandlers = { [E in ClientEvent]: (...args: Params<E>) => void };

type Catalog = Record<string, EventShape>;

/** decode() against any catalog of shapes (the tests use one with an object payload). */
export function decodeWith(catalog: Catalog, event: unknown, args: readonly unknown[]): { ok: true; event: string; args: unknown[] } | Refusal {
  const name = typeof event === 'string' ? event : String(event);
  const refuse = (code: RefusalCode, error: string, path: (string | number)[] = []): Refusal => ({ ok: false, code, event: name, error, path });
  // Own keys only: 'constructor' or '__proto__' is no event.
  if (typeof event !== 'string' || !Object.hasOwn(catalog, event)) return refuse('unknown-event', `There is no event ${JSON.stringify(name)}.`);
  const shape = catalog[event]!;
  const last = args.length > 0 ? args[args.length - 1] : undefined;
  if (shape.ack && typeof last !== 'function') return refuse('no-ack', `${event} needs an acknowledgement function as its last argument.`, [args.length]);
  const payload = shape.ack ? args.slice(0, -1) : [...args];
  if (payload.length !== shape.args.length || (!shape.ack && typeof last === 'function')) {
    const takes = `${shape.args.length} argument${shape.args.length === 1 ? '' : 's'}${shape.ack ? ' and an acknowledgement' : ', no acknowledgement'}`;
    return refuse('wrong-arity', `${event} takes ${takes}; it came with ${args.length}.`);
  }
  const decoded: unknown[] = [];
  for (const [i, schema] of shape.args.entries()) {
    const result = schema.safeParse(payload[i]);
    if (!result.success) {
      const { code, issue } = firstIssue(result.error.issues);
      const path = [i, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      return refuse(code, issue.message, path);
    }
    decoded.push(result.data);
  }
  return { ok: true, event, args: shape.ack ? [...decoded, last] : decoded };
}

/** Decode one client message (its event name and its arguments, an ack function last if the client sent one). */
export function decode(event: unknown, args: readonly unknown[]): Decoded | Refusal {
  return decodeWith(CLIENT_EVENTS, event, args) as Decoded | Refusal;
}

/**
 * Route every client message of a socket through decode(): handlers get
 * decoded arguments only; a refusal goes back where the client listens, to
 * its ack if it sent one, else as a `refused` event, and so does a message
 * beyond the socket's allowance (`gate`, flood.ts). The socket stays open.
 */
export function listen(
  socket: { onAny(listener: (event: string, ...args: unknown[]) => void): unknown; emit(event: 'refused', refusal: Refusal): unknown },
  handlers: ClientHandlers,
  onRefused: (refusal: Refusal) => void = () => {},
  gate?: FloodGate,
): void {
  socket.onAny((event, ...args) => {
    const decoded = decode(event, args);
    // A well-formed message past its allowance is refused too, after decoding, so a malformed one always gets the same answer.
    const result: Decoded | Refusal =
      decoded.ok && gate && !gate.take(decoded.event)
        ? { ok: false, code: 'rate-limited', event: decoded.event, error: `Too many ${decoded.event} requests at once. Wait a moment and try again.`, path: [] }
        : decoded;
    if (!result.ok) {
      onRefused(result);
      const ack = args[args.length - 1];
      if (typeof ack === 'function') ack(result);
      else socket.emit('refused', result);
      return;
    }
    (handlers[result.event] as (...decoded: unknown[]) => void)(...result.args);
  });
}

/** Of zod's issues, the one that comes first in the refusal order. */
function firstIssue(issues: readonly z.core.$ZodIssue[]): { code: RefusalCode; issue: z.core.$ZodIssue } {
  const ranked = issues.map((issue) => ({ code: refusalCode(issue), issue }));
  const rank = (code: RefusalCode) => ORDER.indexOf(code);
  return ranked.reduce((best, next) => (rank(next.code) < rank(best.code) ? next : best));
}

const ORDER: readonly RefusalCode[] = ['not-an-object', 'unknown-field', 'wrong-type', 'invalid-value'];

function refusalCode(issue: z.core.$ZodIssue): RefusalCode {
  if (issue.code === 'invalid_type') return issue.expected === 'object' && issue.path.length === 0 ? 'not-an-object' : 'wrong-type';
  if (issue.code === 'unrecognized_keys') return 'unknown-field';
  return 'invalid-value';
}

// The schemas and the event catalog must describe the same arguments: a
// mismatch fails the typecheck here, not a client at run time.
type Last<T extends unknown[]> = T extends [...unknown[], infer L] ? L : never;
type Outputs<T extends readonly z.ZodType[]> = { -readonly [K in keyof T]: z.output<T[K]> };
type Payloads<E extends ClientEvent> = Outputs<(typeof CLIENT_EVENTS)[E]['args']>;
type FromSchemas<E extends ClientEvent> = (typeof CLIENT_EVENTS)[E]['ack'] extends true ? [...Payloads<E>, Last<Params<E>>] : Payloads<E>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agrees: { [E in ClientEvent]: Same<FromSchemas<E>, Params<E>> } = {
  resync: true,
  'agent-status': true,
  'agent-break': true,
  'set-agent-status': true,
  'agent-ready': true,
  'presence-watch': true,
  'figures-watch': true,
  'queues-watch': true,
  supervise: true,
  'supervise-leave': true,
};
void agrees;
