// A loopback TCP relay a test can cut: put it between Switchboard and one of
// FreeSWITCH's sockets (the event socket) to take that one link down while
// everything else (SIP, mod_xml_curl, mod_json_cdr) keeps working.
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /**
   * Drop every relayed connection and refuse new ones: accepted, then closed
   * at once ('reset', a link that breaks), or not listening at all
   * ('refuse': connection refused, as from a server that is stopped).
   */
  cut(how?: 'reset' | 'refuse'): void;
  /** Relay new connections again (listening on the same port). */
  restore(): void | Promise<void>;
  close(): Promise<void>;
}

export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const cutAll = () => {
    for (const s of open) s.destroy();
    open.clear();
  };
  return {
    port,
    cut(how = 'reset') {
      refusing = true;
      if (how === 'refuse') server.close();
      cutAll();
    },
    async restore() {
      refusing = false;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        if (server.listening) server.close(() => resolve());
        else resolve();
      }),
  };
}
