// Free loopback ports for a test's own FreeSWITCH, SIP phones and servers.
// A port is free when both a TCP and a UDP socket can bind it (SIP uses both).
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const tcpFree = (port: number) =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });

const udpFree = (port: number) =>
  new Promise<void>((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve()));
  });

const taken = new Set<number>();

/** A port free for TCP and UDP on 127.0.0.1, never handed out twice by this process. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = await tcpFree(0);
    if (taken.has(port)) continue;
    try {
      await udpFree(port);
    } catch {
      continue;
    }
    taken.add(port);
    return port;
  }
  throw new Error('no free loopback port found');
}

/** An even-aligned block of `size` ports for RTP, in a range the kernel does not hand out as ephemeral ports. */
export async function freePortRange(size = 200): Promise<[number, number]> {
  for (let tries = 0; tries < 50; tries++) {
    const start = 16_384 + 2 * Math.floor((Math.random() * (30_000 - 16_384 - size)) / 2);
    try {
      await udpFree(start);
      await udpFree(start + size - 1);
      return [start, start + size - 1];
    } catch {
      /* try another block */
    }
  }
  throw new Error('no free RTP port block found');
}

/**
 * A free port whose next port is free too, both kept from later freePort()
 * calls: baresip listens for SIP over TLS on its SIP port + 1.
 */
export async function freePortPair(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = await freePort();
    if (taken.has(port + 1)) continue;
    try {
      await tcpFree(port + 1);
      await udpFree(port + 1);
    } catch {
      continue;
    }
    taken.add(port + 1);
    return port;
  }
  throw new Error('no two consecutive free loopback ports found');
}
