// What a browser does to get in, for tests against any running Switchboard
// (the simulator's or a real FreeSWITCH's): sign in over REST for the
// session cookie, then open its one Socket.IO connection with it.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../common/socket.ts';

/** Signs in through the REST route and returns the session cookie. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

/** The tab's socket, with no reconnection: a test sees every disconnect. */
/** `auth`: what the browser's client says at the handshake; without it, a client that predates queues-watch. */
export function connectSocket(baseUrl: string, cookie?: string, auth?: HandshakeAuth): Socket<ServerToClientEvents, ClientToServerEvents> {
  return io(baseUrl, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true, ...(auth && { auth: { ...auth } }) });
}
