// The desk's keyboard shortcuts: the one key table (the shortcut sheet is
// drawn from it) and the document's keydown listener that runs them.
//
// Single keys without modifiers, as in mail and chat web apps: Ctrl, Alt and
// Meta combinations are left to the browser, the system and screen readers.
// A key is never taken from a text field, a select or an editable element,
// nor from under another modal dialog. WCAG 2.1.4 asks that single-character
// shortcuts can be turned off: the sheet has the switch, kept in this browser.
import { createSignal } from 'solid-js';
import type { Role } from '../../../common/api.ts';
import { announce } from './announce.ts';
import { runCommand, type DeskCommand } from './commands.ts';

export interface Shortcut {
  command: DeskCommand;
  /** KeyboardEvent.key that runs it (letters in lower case, typed without Shift). */
  key: string;
  /** The key as the sheet shows it. */
  label: string;
  /** What it does, for the sheet. */
  does: string;
  /** Said to screen-reader users when there is nothing for it to act on. */
  idle: string;
  group: 'Calls' | 'Desk';
  /** Only for users who have this (an operator has no softphone, and no agent status). */
  needs?: 'softphone';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'answer', key: 'a', label: 'A', does: 'Answer the incoming call', idle: 'No incoming call to answer.', group: 'Calls', needs: 'softphone' },
  { command: 'reject', key: 'r', label: 'R', does: 'Reject the incoming call', idle: 'No incoming call to reject.', group: 'Calls', needs: 'softphone' },
  { command: 'hangup', key: 'e', label: 'E', does: 'End the call (hang up)', idle: 'No call to hang up.', group: 'Calls', needs: 'softphone' },
  { command: 'mute', key: 'm', label: 'M', does: 'Mute or unmute your microphone', idle: 'No call to mute.', group: 'Calls', needs: 'softphone' },
  { command: 'hold', key: 'h', label: 'H', does: 'Put the call on hold, or resume it', idle: 'No call to hold.', group: 'Calls', needs: 'softphone' },
  { command: 'transfer', key: 't', label: 'T', does: 'Transfer the call (to the extension you type)', idle: 'No connected call to transfer.', group: 'Calls', needs: 'softphone' },
  { command: 'softphone', key: 'p', label: 'P', does: 'Open or close the softphone', idle: '', group: 'Desk', needs: 'softphone' },
  { command: 'status', key: 's', label: 'S', does: 'Go to my agent status', idle: 'You are not an agent of any queue.', group: 'Desk', needs: 'softphone' },
  { command: 'shortcuts', key: '?', label: '?', does: 'Show these shortcuts', idle: '', group: 'Desk' },
];

/** The shortcuts this user has. */
export const shortcutsFor = (role: Role): Shortcut[] => SHORTCUTS.filter((s) => s.needs !== 'softphone' || role !== 'operator');

const STORAGE_KEY = 'switchboard.shortcuts';
const readEnabled = () => {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
};
const [enabled, setEnabledSignal] = createSignal(readEnabled());
export const shortcutsEnabled = enabled;
export function setShortcutsEnabled(on: boolean): void {
  setEnabledSignal(on);
  try {
    if (on) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, 'off');
  } catch {
    // Storage refused (private mode): the choice holds for this tab.
  }
}

/** Input types a person types into; a checkbox or a button is not one. */
const TYPED = /^(text|search|email|tel|url|password|number|date|datetime-local|month|week|time)$/;

/**
 * True when the key belongs to what has the focus, not to the desk: a field
 * being typed in, or a modal dialog (the shortcut sheet takes only its own key).
 */
export function keyBelongsToFocus(target: EventTarget | null, command: DeskCommand): boolean {
  if (target instanceof HTMLInputElement) return TYPED.test(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  const modal = document.querySelector('dialog[open]:modal');
  return !!modal && !(modal.hasAttribute('data-shortcut-sheet') && command === 'shortcuts');
}

/** The shortcut this key press means, if any (before looking at where the focus is). */
export function shortcutOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey'>, list: readonly Shortcut[]): Shortcut | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  return list.find((s) => (/^[a-z]$/.test(s.key) ? !event.shiftKey && event.key.toLowerCase() === s.key : event.key === s.key));
}

/** Listens on the document for this user's shortcuts; returns the function that stops listening. */
export function installShortcuts(role: () => Role): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (!enabled() || event.defaultPrevented || event.repeat || event.isComposing) return;
    const shortcut = shortcutOf(event, shortcutsFor(role()));
    if (!shortcut || keyBelongsToFocus(event.target, shortcut.command)) return;
    event.preventDefault();
    const result = runCommand(shortcut.command);
    if (result === false && shortcut.idle) announce(shortcut.idle);
    else if (typeof result === 'string') announce(result);
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
