// The client's REST calls: same-origin JSON, the session travels in an
// httpOnly cookie. Every failure becomes an ApiFailure whose message can be
// shown to the user as is.
import type { ApiError } from '../../common/api.ts';

export const UNREACHABLE = 'Cannot reach the server. Check your connection and try again.';

export class ApiFailure extends Error {
  /** HTTP status, or 0 when the server could not be reached at all. */
  readonly status: number;
  /** The error's JSON body as sent, for the routes that say more than `error` (the rates import's `lines`). */
  readonly body: unknown;
  constructor(status: number, message: string, body?: unknown) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.body = body;
  }
  get unreachable(): boolean {
    return this.status === 0;
  }
}

/** What to tell the user about a failed call: the server's message, or that it could not be reached. */
export const failureMessage = (err: unknown): string => (err instanceof ApiFailure ? err.message : UNREACHABLE);

const FALLBACK: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'Your session has ended. Sign in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  423: 'This account is locked. Ask an administrator to unlock it.',
  429: 'Too many attempts. Wait a moment and try again.',
};

async function errorBody(response: Response): Promise<{ message?: string; body?: unknown }> {
  try {
    const body = (await response.json()) as Partial<ApiError> | null;
    return { message: typeof body?.error === 'string' && body.error.trim() ? body.error : undefined, body };
  } catch {
    return {};
  }
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return send<T>(path, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A file as the whole request body (a voicemail greeting's WAV), answered like every other call. */
export function sendFile<T>(method: 'POST' | 'PUT', path: string, file: Blob, contentType: string): Promise<T> {
  return send<T>(path, { method, headers: { accept: 'application/json', 'content-type': contentType }, body: file });
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, credentials: 'same-origin' });
  } catch {
    throw new ApiFailure(0, UNREACHABLE);
  }
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiFailure(response.status, 'The server sent an answer this page does not understand.');
    }
  }
  const { message, body: sent } = await errorBody(response);
  if (message) throw new ApiFailure(response.status, message, sent);
  // A bare 502/503/504 comes from a proxy in front of a server that is down.
  if (response.status >= 502 && response.status <= 504) throw new ApiFailure(0, UNREACHABLE);
  throw new ApiFailure(
    response.status,
    FALLBACK[response.status] ?? 'Something went wrong on the server. Try again in a moment.',
  );
}

export const getJson = <T>(path: string) => request<T>('GET', path);
export const postJson = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
