// Calls held for an agent whose softphone went away mid-call
// (server/resume/hold.ts): the extension's `resumable` list, which its
// owner's tabs offer as "Resume call with …". Pure.
import { extensionScope, type ResumableCall } from '../../common/live.ts';
import type { Change } from './changes.ts';
import type { TenantState } from './state.ts';

const listChanged = (extension: string, calls: ResumableCall[]): Change => ({
  kind: 'scope',
  scope: extensionScope(extension),
  // An empty list is sent as an empty list, so a patch takes the offer away.
  set: { resumable: calls },
});

export function resumableAdded(state: TenantState, extension: string, call: ResumableCall): Change[] {
  const ext = state.extensions.get(extension);
  if (!ext) return [];
  const others = (ext.resumable ?? []).filter((c) => c.uuid !== call.uuid);
  return [listChanged(extension, [...others, call])];
}

export function resumableGone(state: TenantState, extension: string, uuid: string): Change[] {
  const ext = state.extensions.get(extension);
  if (!ext?.resumable?.some((c) => c.uuid === uuid)) return [];
  return [listChanged(extension, ext.resumable.filter((c) => c.uuid !== uuid))];
}

/**
 * Where the served dialplan holds a call for `<ext>` (server/xmlcurl/resume.ts):
 * a held leg's destination, which its hangup still carries.
 */
export const HOLD_PREFIX = 'switchboard-hold-';

/** A leg hung up: if it was a held party, its extension offers that call no more. */
export function resumableHungUp(state: TenantState, uuid: string, destination: string): Change[] {
  if (!destination.startsWith(HOLD_PREFIX)) return [];
  return resumableGone(state, destination.slice(HOLD_PREFIX.length), uuid);
}
