// Who is signed in. Bootstraps from GET /api/me, signs in and out, and owns
// the live connection's lifetime: it opens after sign-in and closes (with all
// it delivered) on sign-out or when the server ends the session. When an
// administrator changes the user (role, name, extensions), it re-reads
// /api/me and keeps the connection open.
import { createEffect, createRoot, createSignal, on } from 'solid-js';
import type { Me, SignInRequest } from '../../common/api.ts';
import { isSecondFactorStep, type SignInAnswer } from '../../common/second-factor.ts';
import { SESSION_END_MESSAGES, type SessionEnd } from '../../common/socket.ts';
import { ApiFailure, getJson, postJson, UNREACHABLE } from './api.ts';
import { connectionStatus, onAccountChange, reconnectLive, startLive, stopLive } from './live/store.ts';

export type SessionState =
  | { status: 'loading' }
  /** returnTo: send the user back to the page they were on after signing in. */
  | { status: 'signed-out'; returnTo: boolean }
  | { status: 'unreachable'; message: string }
  | { status: 'signed-in'; me: Me };

const [state, setState] = createSignal<SessionState>({ status: 'loading' });
/** A message for the sign-in page (why the session ended). Kept in memory only. */
const [notice, setNotice] = createSignal<string | null>(null);

export const session = state;
export const sessionNotice = notice;
export const clearSessionNotice = () => setNotice(null);

/** The signed-in user; only call where the session is known to be signed in. */
export const me = (): Me | null => {
  const s = state();
  return s.status === 'signed-in' ? s.me : null;
};

const endListeners = new Set<() => void>();
/** Run fn whenever a session ends (sign-out, expiry): drop per-user state. */
export function onSessionEnd(fn: () => void): () => void {
  endListeners.add(fn);
  return () => endListeners.delete(fn);
}

function signedIn(user: Me): void {
  setNotice(null);
  setState({ status: 'signed-in', me: user });
  // What the sign-in page says is chosen by the code, never read from the server's sentence.
  startLive(
    { sessionEnded: (end: SessionEnd) => endSession(SESSION_END_MESSAGES[end.code]), refused: checkSession },
    // Operators see no tenant's live state: the server sends them no snapshot.
    { snapshots: user.role !== 'operator' },
  );
}

function clearAll(): void {
  stopLive();
  for (const fn of endListeners) {
    try {
      fn();
    } catch (err) {
      console.error('session end listener failed', err);
    }
  }
}

/** On page load: are we signed in? (quiet: keep showing the current state meanwhile) */
export async function bootstrap(options: { quiet?: boolean } = {}): Promise<void> {
  if (!options.quiet) setState({ status: 'loading' });
  try {
    signedIn(await getJson<Me>('/api/me'));
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 401) setState({ status: 'signed-out', returnTo: true });
    else setState({ status: 'unreachable', message: err instanceof ApiFailure ? err.message : UNREACHABLE });
  }
}

/** Throws ApiFailure with a message for the user. A second step may remain: then nobody is signed in yet. */
export async function signIn(request: SignInRequest): Promise<SignInAnswer> {
  const answer = await postJson<SignInAnswer>('/api/auth/sign-in', request);
  if (!isSecondFactorStep(answer)) signedIn(answer);
  return answer;
}

/** The sign-in's second step: a code from the authenticator app or a recovery code. */
export async function signInWithCode(code: string): Promise<Me> {
  const user = await postJson<Me>('/api/auth/second-factor', { code });
  signedIn(user);
  return user;
}

/** Enrolment finished during sign-in: signed in once the recovery codes have been seen. */
export const finishSignIn = (user: Me): void => signedIn(user);

/** Sign out here; local state is cleared even when the server cannot be told. */
export async function signOut(): Promise<void> {
  clearAll();
  try {
    await postJson('/api/auth/sign-out');
  } catch {
    // The cookie is httpOnly, so only the server can drop it; nothing more to do here.
  } finally {
    setNotice(null);
    setState({ status: 'signed-out', returnTo: false });
  }
}

/** The server ended the session (socket `session-ended`, or a 401 later on). */
export function endSession(message: string): void {
  if (state().status !== 'signed-in') return;
  clearAll();
  setNotice(message);
  setState({ status: 'signed-out', returnTo: true });
}

/** The live connection was refused: is the session still valid? */
async function checkSession(): Promise<void> {
  const before = me();
  if (!before) return;
  try {
    const now = await getJson<Me>('/api/me');
    if (me() !== before) return;
    if (now.id !== before.id) {
      // Someone signed in as another user in another tab: start over as them.
      clearAll();
      signedIn(now);
      return;
    }
    reconnectLive();
  } catch (err) {
    if (me() !== before) return;
    if (err instanceof ApiFailure && err.status === 401) endSession(SESSION_END_MESSAGES.unauthorized);
    else reconnectLive();
  }
}

/** Bumped by each re-read of /api/me, so only the latest answer counts. */
let meReads = 0;

/** An administrator changed this user: take the new role, name and extensions, same connection. */
async function refreshMe(): Promise<void> {
  const before = me();
  if (!before) return;
  const ticket = ++meReads;
  try {
    const now = await getJson<Me>('/api/me');
    if (ticket !== meReads || me()?.id !== before.id) return;
    if (now.id !== before.id) {
      // Someone signed in as another user in another tab: start over as them.
      clearAll();
      signedIn(now);
      return;
    }
    setState({ status: 'signed-in', me: now });
  } catch (err) {
    if (ticket !== meReads || me()?.id !== before.id) return;
    if (err instanceof ApiFailure && err.status === 401) endSession(SESSION_END_MESSAGES.unauthorized);
    // Unreachable: the next account change, or the reconnect below, brings it up to date.
  }
}

onAccountChange(() => void refreshMe());
// A change made while the connection was down came with no account-changed: read it when it is back.
createRoot(() =>
  createEffect(
    on(connectionStatus, (now, before) => {
      if (now === 'live' && before === 'reconnecting') void refreshMe();
    }),
  ),
);
