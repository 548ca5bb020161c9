// Starts Kamailio (tests/sip/kamailio.cfg) inside a test's network namespace
// as the SIP-over-WebSocket registrar, with the given extensions' passwords.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../helpers/wait.ts';
import { stop, type Netns } from './netns.ts';

const TEMPLATE = new URL('./kamailio.cfg', import.meta.url);

export interface Kamailio {
  /** What the softphone's "WebSocket server" setting should say. */
  wsUrl: string;
  /** Everything Kamailio wrote to stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** users: extension → SIP password. Passwords are written into a config file, so only [A-Za-z0-9_-]. */
export async function startKamailio(netns: Netns, options: { port: number; domain: string; users: Record<string, string> }): Promise<Kamailio> {
  const users = Object.entries(options.users).map(([user, password]) => {
    if (!/^\w+$/.test(user) || !/^[\w-]+$/.test(password)) throw new Error(`unsafe SIP user or password for ${user}`);
    return `\t$sht(users=>${user}) = "${password}";`;
  });
  const dir = mkdtempSync(join(tmpdir(), 'sb-kamailio-'));
  const cfg = join(dir, 'kamailio.cfg');
  writeFileSync(
    cfg,
    readFileSync(TEMPLATE, 'utf8')
      .replace('@PORT@', String(options.port))
      .replace('@DOMAIN@', options.domain)
      .replace('@USERS@', users.join('\n')),
  );
  // -DD: stay in the foreground so stopping this process stops them all; -E: log to stderr.
  const child: ChildProcess = netns.spawn('kamailio', ['-f', cfg, '-DD', '-E', '-m', '32', '-M', '8', '-w', dir, '-Y', dir]);
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  child.stdout!.on('data', (d) => (log += d));
  const listening = () =>
    execFileSync('ip', ['netns', 'exec', netns.name, 'ss', '-Hltn', `sport = :${options.port}`], { encoding: 'utf8', timeout: 5_000 }).trim();
  try {
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`kamailio exited with ${child.exitCode}:\n${log}`);
      return listening();
    }, 10_000, 'kamailio to listen', 100);
  } catch (err) {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    wsUrl: `ws://127.0.0.1:${options.port}`,
    log: () => log,
    async stop() {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
