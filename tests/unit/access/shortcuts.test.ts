// The desk's key table: one key per command, every command a key, no
// modifier combination taken from the browser, and what the sheet shows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DeskCommand } from '../../../client/src/access/commands.ts';
import { onCommand, runCommand } from '../../../client/src/access/commands.ts';
import { SHORTCUTS, shortcutOf, shortcutsFor } from '../../../client/src/access/shortcuts.ts';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

test('one key per shortcut, one shortcut per command, each with words for the sheet', () => {
  const keys = SHORTCUTS.map((s) => s.key);
  assert.equal(new Set(keys).size, keys.length, 'no key twice');
  const commands: DeskCommand[] = ['answer', 'reject', 'hangup', 'mute', 'hold', 'transfer', 'status', 'softphone', 'shortcuts'];
  assert.equal(SHORTCUTS.map((s) => s.command).sort(), [...commands].sort(), 'every command has its key');
  for (const s of SHORTCUTS) assert.ok(s.does && s.label, s.command);
});

test('a plain letter runs its shortcut, Shift+/ (the "?") the sheet; combinations with Ctrl, Alt or Meta stay the browser’s', () => {
  assert.is(shortcutOf(key('a'), SHORTCUTS)?.command, 'answer');
  assert.is(shortcutOf(key('A', { shiftKey: false }), SHORTCUTS)?.command, 'answer', 'Caps Lock');
  assert.is(shortcutOf(key('?', { shiftKey: true }), SHORTCUTS)?.command, 'shortcuts');
  assert.is(shortcutOf(key('A', { shiftKey: true }), SHORTCUTS), undefined, 'Shift+A is not A');
  for (const mod of ['ctrlKey', 'altKey', 'metaKey'] as const) {
    for (const k of ['a', 'r', 'e', 'm', 'h', 't', 'p', 's', '?']) assert.is(shortcutOf(key(k, { [mod]: true }), SHORTCUTS), undefined, `${mod}+${k}`);
  }
  assert.is(shortcutOf(key('x'), SHORTCUTS), undefined);
  assert.is(shortcutOf(key('Enter'), SHORTCUTS), undefined);
});

test('an operator (no softphone, no queues) has only the sheet', () => {
  assert.equal(shortcutsFor('operator').map((s) => s.command), ['shortcuts']);
  assert.equal(shortcutsFor('agent').length, SHORTCUTS.length);
});

test('a command runs the latest handler registered; none registered is "nothing to act on"', () => {
  assert.is(runCommand('hold'), false);
  const calls: string[] = [];
  const offFirst = onCommand('hold', () => (calls.push('first'), true));
  const offSecond = onCommand('hold', () => (calls.push('second'), 'why not'));
  assert.is(runCommand('hold'), 'why not');
  offSecond();
  assert.is(runCommand('hold'), true);
  offFirst();
  assert.is(runCommand('hold'), false);
  assert.equal(calls, ['second', 'first']);
});

test.run();
