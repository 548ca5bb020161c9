// Can this browser reach the PBX's SIP WebSocket? Opens it with the `sip`
// subprotocol (as JsSIP does), and closes it again at once: no SIP is sent,
// so nothing registers. A browser reports no reason for a failed WebSocket,
// so the answer is only yes or no, with the address to check.
export type Reach = { ok: true; ms: number } | { ok: false; reason: string };

export const PROBE_TIMEOUT_MS = 5000;

export function probeWebSocket(url: string): Promise<Reach> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    const started = performance.now();
    try {
      socket = new WebSocket(url, 'sip');
    } catch {
      resolve({ ok: false, reason: `"${url}" is not a WebSocket address (ws:// or wss://).` });
      return;
    }
    const done = (result: Reach) => {
      clearTimeout(timer);
      socket.onopen = socket.onerror = socket.onclose = null;
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, reason: `No answer from ${url} within ${PROBE_TIMEOUT_MS / 1000} s.` }), PROBE_TIMEOUT_MS);
    socket.onopen = () => done({ ok: true, ms: Math.round(performance.now() - started) });
    socket.onerror = socket.onclose = () =>
      done({ ok: false, reason: `${url} refused the connection (or its certificate is not trusted: open it once as https:// to check).` });
  });
}
