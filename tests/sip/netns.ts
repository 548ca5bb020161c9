// A network namespace with only loopback up, for the softphone's browser
// tests. Chromium gathers an ICE candidate on every interface it can see; in
// here it can only see `lo`, so WebRTC media cannot leave 127.0.0.1/::1.
// Needs root (CAP_SYS_ADMIN + CAP_NET_ADMIN), as `ip netns` does.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from '../helpers/browser.ts';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5_000 });

// Runs inside the namespace: accepts TCP on 127.0.0.1:<port> and carries each
// connection over a Unix socket, which (being a file) is reachable from both sides.
const FORWARDER = `
const net = require('node:net');
const [port, path] = process.argv.slice(1);
net.createServer((c) => { const u = net.connect(path); c.pipe(u).pipe(c); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); })
  .listen(Number(port), '127.0.0.1', () => console.log('ready'));
`;

// The reverse: runs inside the namespace, accepts on a Unix socket and
// connects each connection to 127.0.0.1:<port> in there.
const EXPOSER = `
const net = require('node:net');
const [port, path] = process.argv.slice(1);
net.createServer((u) => { const c = net.connect(Number(port), '127.0.0.1'); u.pipe(c).pipe(u); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); })
  .listen(path, () => console.log('ready'));
`;

export interface Netns {
  name: string;
  /** An executable that starts Debian's Chromium inside the namespace (for playwright's executablePath). */
  chromium: string;
  /** Spawns a command inside the namespace. */
  spawn(command: string, args: string[]): ChildProcess;
  /** Makes 127.0.0.1:port of this (root) namespace reachable as 127.0.0.1:port inside it. */
  forward(port: number): Promise<void>;
  /** The reverse: makes 127.0.0.1:port inside the namespace reachable as 127.0.0.1:port of this (root) one (TCP only). */
  expose(port: number): Promise<void>;
  /** Stops the forwarders and deletes the namespace; safe to call twice. */
  close(): Promise<void>;
}

export function createNetns(): Netns {
  const name = `sb-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  ip('netns', 'add', name);
  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  try {
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    ip('netns', 'delete', name);
    throw err;
  }
  const chromium = join(dir, 'chromium');
  writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${name} ${CHROMIUM} "$@"\n`);
  chmodSync(chromium, 0o755);

  const spawnIn = (command: string, args: string[]) => {
    const child = spawn('ip', ['netns', 'exec', name, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return child;
  };

  const ready = (child: ChildProcess, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the ${what} did not start within 5 s`)), 5_000);
      child.stdout!.once('data', () => (clearTimeout(timer), resolve()));
      child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the ${what} exited with ${code}`))));
    });

  let closed = false;
  return {
    name,
    chromium,
    spawn: spawnIn,
    async forward(port) {
      const path = join(dir, `fwd-${port}.sock`);
      const server = createServer((inner) => {
        const outer = createConnection(port, '127.0.0.1');
        inner.pipe(outer).pipe(inner);
        inner.on('error', () => outer.destroy());
        outer.on('error', () => inner.destroy());
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(path, resolve));
      await ready(spawnIn(process.execPath, ['-e', FORWARDER, String(port), path]), 'forwarder');
    },
    async expose(port) {
      const path = join(dir, `exp-${port}.sock`);
      await ready(spawnIn(process.execPath, ['-e', EXPOSER, String(port), path]), 'exposer');
      const server = createServer((outer) => {
        const inner = createConnection(path);
        outer.pipe(inner).pipe(outer);
        outer.on('error', () => inner.destroy());
        inner.on('error', () => outer.destroy());
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(children.map(stop));
      for (const server of servers) server.close();
      try {
        ip('netns', 'delete', name);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** SIGTERM, then SIGKILL if it is still there after 3 s. */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => (clearTimeout(timer), resolve()));
    child.kill('SIGTERM');
  });
}
