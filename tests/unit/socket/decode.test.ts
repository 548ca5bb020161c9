// The decoder every client message goes through (server/socket/decode.ts):
// a table of bad messages, each refused with the first code in the fixed
// order, and good ones passed through with their ack. The real decoder and
// the real schemas from common/; nothing mocked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { CLIENT_EVENTS } from '../../../common/socket-payloads.ts';
import { REFUSAL_CODES, type RefusalCode } from '../../../common/socket.ts';
import { decode, decodeWith } from '../../../server/socket/decode.ts';

const ack = () => {};
const CHOOSE = 'Choose one of: Logged Out, Available, Available (On Demand), On Break.';

// [what, event, args, code, path]
const BAD: [string, unknown, unknown[], RefusalCode, (string | number)[]][] = [
  ['an event nobody handles', 'hangup-everyone', [], 'unknown-event', []],
  ['a name from Object.prototype', 'constructor', [], 'unknown-event', []],
  ['__proto__', '__proto__', [ack], 'unknown-event', []],
  ['a number as event name', 42, [], 'unknown-event', []],
  ['agent-status without any argument', 'agent-status', [], 'no-ack', [0]],
  ['agent-status without its ack', 'agent-status', ['Available'], 'no-ack', [1]],
  ['agent-status with a string where the ack goes', 'agent-status', ['Available', 'ack'], 'no-ack', [2]],
  ['agent-status with the ack only', 'agent-status', [ack], 'wrong-arity', []],
  ['agent-status with two statuses', 'agent-status', ['Available', 'On Break', ack], 'wrong-arity', []],
  ['resync with an argument', 'resync', [{}], 'wrong-arity', []],
  ['resync with an ack it does not take', 'resync', [ack], 'wrong-arity', []],
  ['a status that is a number', 'agent-status', [3, ack], 'wrong-type', [0]],
  ['a status that is null', 'agent-status', [null, ack], 'wrong-type', [0]],
  ['a status in an object', 'agent-status', [{ status: 'Available' }, ack], 'wrong-type', [0]],
  ['a status FreeSWITCH has not', 'agent-status', ['Out to lunch', ack], 'invalid-value', [0]],
  ['a status in the wrong case', 'agent-status', ['available', ack], 'invalid-value', [0]],
  ["a supervisor's order as a bare status", 'set-agent-status', ['Available', ack], 'not-an-object', [0]],
  ["a supervisor's order naming a tenant", 'set-agent-status', [{ extension: '1001', status: 'Available', tenantId: 'x' }, ack], 'unknown-field', [0]],
  ["a supervisor's order without an extension", 'set-agent-status', [{ status: 'Available' }, ack], 'wrong-type', [0, 'extension']],
  ["a supervisor's order for an agent name with a domain", 'set-agent-status', [{ extension: '1001@other.test', status: 'Available' }, ack], 'invalid-value', [0, 'extension']],
  ["a supervisor's order with a status FreeSWITCH has not", 'set-agent-status', [{ extension: '1001', status: 'Gone' }, ack], 'invalid-value', [0, 'status']],
  ['supervise without its ack', 'supervise', [{ extension: '1001', mode: 'listen' }], 'no-ack', [1]],
  ['supervise with an extension only', 'supervise', ['1001', ack], 'not-an-object', [0]],
  ['supervise naming a tenant', 'supervise', [{ extension: '1001', mode: 'listen', tenant: 'globex' }, ack], 'unknown-field', [0]],
  ['supervise with a number for extension', 'supervise', [{ extension: 1001, mode: 'listen' }, ack], 'wrong-type', [0, 'extension']],
  ['supervise with no mode', 'supervise', [{ extension: '1001' }, ack], 'wrong-type', [0, 'mode']],
  ['supervise in a mode eavesdrop has not', 'supervise', [{ extension: '1001', mode: 'shout' }, ack], 'invalid-value', [0, 'mode']],
  ['supervise an extension with a space', 'supervise', [{ extension: '10 01', mode: 'listen' }, ack], 'invalid-value', [0, 'extension']],
  ['supervise-leave with an argument', 'supervise-leave', ['1001', ack], 'wrong-arity', []],
];

test('every bad message of the real catalog is refused with its code, in the fixed order', () => {
  for (const [what, event, args, code, path] of BAD) {
    const result = decode(event, args);
    assert.is(result.ok, false, what);
    if (result.ok) continue;
    assert.is(result.code, code, what);
    assert.equal(result.path, path, what);
    assert.is(result.event, String(event), what);
    assert.type(result.error, 'string', what);
    assert.ok(result.error.length > 0, what);
  }
});

test('a status FreeSWITCH has not says which ones it has (the words the agent-status control shows)', () => {
  for (const status of ['Out to lunch', 3]) {
    const result = decode('agent-status', [status, ack]);
    assert.is(!result.ok && result.error, CHOOSE);
  }
});

test('good messages pass through with decoded arguments and the ack last', () => {
  assert.equal(decode('resync', []), { ok: true, event: 'resync', args: [] });
  const order = { extension: '1001', status: 'On Break', reason: 'Lunch' };
  assert.equal(decode('set-agent-status', [order, ack]), { ok: true, event: 'set-agent-status', args: [order, ack] });
  for (const status of ['Logged Out', 'Available', 'Available (On Demand)', 'On Break']) {
    const result = decode('agent-status', [status, ack]);
    assert.equal(result, { ok: true, event: 'agent-status', args: [status, ack] });
  }
});

// The real catalog's payloads are strings; an object payload (what a new
// event would carry) is decoded by the same function against its schema.
const OBJECT_CATALOG = {
  ...CLIENT_EVENTS,
  'set-note': { args: [z.strictObject({ callId: z.string(), note: z.string().max(10) })], ack: true },
};

const OBJECT_BAD: [string, unknown[], RefusalCode, (string | number)[]][] = [
  ['a string', ['hello', ack], 'not-an-object', [0]],
  ['null', [null, ack], 'not-an-object', [0]],
  ['an array', [['callId', 'x'], ack], 'not-an-object', [0]],
  ['a field it does not know, beside a wrong type', [{ callId: 1, note: 'x', admin: true }, ack], 'unknown-field', [0]],
  ['a field of the wrong type', [{ callId: 1, note: 'x' }, ack], 'wrong-type', [0, 'callId']],
  ['a missing field', [{ note: 'x' }, ack], 'wrong-type', [0, 'callId']],
  ['a wrong type beside a bad value', [{ callId: 'a', note: 'far too long a note', x: undefined }, ack], 'unknown-field', [0]],
  ['a bad value', [{ callId: 'a', note: 'far too long a note' }, ack], 'invalid-value', [0, 'note']],
  ['no ack, and not an object either', ['hello'], 'no-ack', [1]],
];

test('object payloads: not-an-object, then unknown fields, then wrong types, then bad values', () => {
  for (const [what, args, code, path] of OBJECT_BAD) {
    const result = decodeWith(OBJECT_CATALOG, 'set-note', args);
    assert.is(result.ok ? 'ok' : result.code, code, what);
    if (!result.ok) assert.equal(result.path, path, what);
  }
  assert.equal(decodeWith(OBJECT_CATALOG, 'set-note', [{ callId: 'a', note: 'hi' }, ack]), {
    ok: true,
    event: 'set-note',
    args: [{ callId: 'a', note: 'hi' }, ack],
  });
});

test('the table covers every refusal code', () => {
  const seen = new Set([...BAD.map((row) => row[3]), ...OBJECT_BAD.map((row) => row[2])]);
  assert.equal([...seen].sort(), [...REFUSAL_CODES].sort());
});

test.run();
