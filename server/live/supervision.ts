// Supervisors on agents' calls (server/supervise/ starts them): pure
// reducers. A supervision shows on two extensions: on the agent's, who is
// listening or speaking (listening only when the tenant lets agents see it),
// and on the supervisor's own, which call their phone is on (their bar). It
// ends on every node by itself when either leg hangs up, whatever node
// started it.
import { extensionScope, type SupervisorOnCall } from '../../common/live.ts';
import type { Change } from './changes.ts';
import type { Supervision, TenantState } from './state.ts';

/** What the agent's screen is told of a supervision. */
export const shownToAgent = (s: Supervision): SupervisorOnCall | null =>
  s.mode === 'listen' && !s.listenShown ? null : { name: s.name, mode: s.mode };

/** A supervision began or changed mode (`next`), or ended (null) on `extension`'s call. */
export function supervisionChanged(state: TenantState, extension: string, next: Supervision | null): Change[] {
  const before = state.supervisions.get(extension);
  if (!before && !next) return [];
  // Told by another node after this one heard a leg hang up: it is over already.
  if (next && (!state.legs.has(next.supervisorUuid) || !state.legs.has(next.targetUuid))) return before ? supervisionChanged(state, extension, null) : [];
  const changes: Change[] = [{ kind: 'supervision', extension, supervision: next }];
  if (state.extensions.has(extension)) changes.push({ kind: 'scope', scope: extensionScope(extension), set: { supervisor: next && shownToAgent(next) } });
  // A supervisor who moved to another phone: the old one is not supervising any more.
  if (before && before.supervisorExtension !== next?.supervisorExtension && state.extensions.has(before.supervisorExtension)) {
    changes.push({ kind: 'scope', scope: extensionScope(before.supervisorExtension), set: { supervising: null } });
  }
  if (next && state.extensions.has(next.supervisorExtension)) {
    changes.push({ kind: 'scope', scope: extensionScope(next.supervisorExtension), set: { supervising: { extension, mode: next.mode, since: next.since } } });
  }
  return changes;
}

/** A leg hung up: a supervision on it (the supervisor's phone, or the agent's call) is over. */
export function supervisionHungUp(state: TenantState, uuid: string): Change[] {
  if (state.supervisions.size === 0) return [];
  for (const s of state.supervisions.values()) {
    if (s.supervisorUuid === uuid || s.targetUuid === uuid) return supervisionChanged(state, s.extension, null);
  }
  return [];
}

/** After a reconnect, `show channels` lists the live legs: a supervision whose legs are gone ended while we did not hear. */
export function supervisionsGone(state: TenantState, live: ReadonlySet<string>): Change[] {
  return [...state.supervisions.values()]
    .filter((s) => !live.has(s.supervisorUuid) || !live.has(s.targetUuid))
    .flatMap((s) => supervisionChanged(state, s.extension, null));
}
