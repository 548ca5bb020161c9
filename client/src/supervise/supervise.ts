// The supervisor's side of listen / whisper / barge: which call their phone
// is on comes from their own extension's live state (`supervising`, set by
// the server once the phone answered, cleared on every node when either leg
// hangs up); what is only asked for yet (the phone rings) and the last
// refusal live here.
import { createSignal } from 'solid-js';
import type { Supervising, SupervisionMode } from '../../../common/live.ts';
import { live, requestSupervise, requestSuperviseLeave } from '../live/store.ts';
import { me } from '../session.ts';

const [asking, setAsking] = createSignal<{ extension: string; mode: SupervisionMode } | null>(null);
const [problem, setProblem] = createSignal<string | null>(null);

/** Supervisors and admins may take part in calls (the server checks it again). */
export const maySupervise = () => me()?.role === 'supervisor' || me()?.role === 'admin';

/** The call the user's phone supervises now, from their own extensions' live state. */
export function supervising(): Supervising | null {
  for (const number of me()?.extensions ?? []) {
    const s = live.extensions[number]?.supervising;
    if (s) return s;
  }
  return null;
}

/** A request not answered yet: the phone may be ringing. */
export const pending = asking;
/** Why the last request failed, in the server's words. */
export const supervisionProblem = problem;
export const dismissProblem = () => setProblem(null);

/** Listen to (or switch the mode on) `extension`'s call. */
export async function supervise(extension: string, mode: SupervisionMode): Promise<void> {
  if (asking()) return;
  setProblem(null);
  setAsking({ extension, mode });
  try {
    const result = await requestSupervise(extension, mode);
    if (!result.ok) setProblem(result.error);
  } finally {
    setAsking(null);
  }
}

export async function leaveSupervision(): Promise<void> {
  setProblem(null);
  const result = await requestSuperviseLeave();
  if (!result.ok) setProblem(result.error);
}
