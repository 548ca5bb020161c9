// A real FreeSWITCH for one test file: started from the repository's own
// freeswitch/conf (the files a deployment uses), with test values passed
// only through the environment variables vars.xml reads, on free loopback
// ports and in runtime folders of its own. Stopped (and its folders removed)
// by stop(), and killed if the test process exits first.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../helpers/wait.ts';
import { freePort, freePortRange } from './ports.ts';

export const FREESWITCH_PREFIX = process.env.FREESWITCH_PREFIX ?? '/opt/freeswitch';
export const CONF_DIR = new URL('../../../freeswitch/conf', import.meta.url).pathname;
const binary = (name: string) => join(FREESWITCH_PREFIX, 'bin', name);
/** [command, args] that run `name args` on this machine or inside the namespace. */
const command = (netns: { name: string } | undefined, name: string, args: string[]): [string, string[]] =>
  netns ? ['ip', ['netns', 'exec', netns.name, binary(name), ...args]] : [binary(name), args];

/** Whether this machine has a FreeSWITCH to test against. */
export const freeswitchInstalled = () => existsSync(binary('freeswitch')) && existsSync(binary('fs_cli'));

export interface FreeSwitchOptions {
  /** Where mod_xml_curl and mod_json_cdr reach Switchboard (SWITCHBOARD_URL). */
  switchboardUrl: string;
  /** FREESWITCH_SECRET, sent by both as basic auth. */
  secret: string;
  /** More variables vars.xml reads (SIP_GATEWAY_PROXY, …). */
  env?: Record<string, string>;
  /** Ports chosen beforehand (the ESL port is known to Switchboard before FreeSWITCH starts). */
  ports?: Partial<FreeSwitchPorts>;
  /** ESL_PASSWORD; random when not given. */
  eslPassword?: string;
  /**
   * Run FreeSWITCH (and fs_cli) inside this network namespace (tests/sip/netns.ts),
   * e.g. beside Chromium in one that has only `lo`, so SIP over WebSocket and
   * the WebRTC media (UDP) meet there. Its ports are then the namespace's own.
   */
  netns?: { name: string };
  /**
   * FreeSWITCH's storage folder (-storage), when Switchboard must see it too:
   * mod_voicemail keeps messages and greetings in its voicemail/ (VOICEMAIL_DIR).
   * Its own runtime folder otherwise.
   */
  storageDir?: string;
}

export interface FreeSwitchPorts {
  esl: number;
  sip: number;
  ws: number;
  wss: number;
  external: number;
  rtp: [number, number];
}

export interface FreeSwitch {
  ports: FreeSwitchPorts;
  eslPassword: string;
  /** The runtime folders: log, db, run, tmp, storage, recordings, certs. */
  dirs: Record<'root' | 'log' | 'db' | 'run' | 'tmp' | 'storage' | 'recordings' | 'certs' | 'sounds', string>;
  /** One API command through fs_cli, FreeSWITCH's own client: its answer, as the judge. */
  api(command: string): Promise<string>;
  /** FreeSWITCH's log so far (its console output). */
  log(): string;
  /** Stop FreeSWITCH (fsctl shutdown, then SIGKILL) and keep or remove its folders. */
  stop(options?: { keepDirs?: boolean }): Promise<void>;
  /** Kill -9 without cleanup, for fault tests; start() again with the same ports and dirs. */
  kill(): Promise<void>;
  /** Start again (after stop({ keepDirs: true }) or kill()) with the same ports, folders and settings. */
  restart(): Promise<void>;
}

export async function allocatePorts(): Promise<FreeSwitchPorts> {
  return { esl: await freePort(), sip: await freePort(), ws: await freePort(), wss: await freePort(), external: await freePort(), rtp: await freePortRange() };
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startFreeSwitch(options: FreeSwitchOptions): Promise<FreeSwitch> {
  if (!freeswitchInstalled()) throw new Error(`FreeSWITCH is not installed at ${FREESWITCH_PREFIX}`);
  const ports: FreeSwitchPorts = { ...(await allocatePorts()), ...options.ports };
  const eslPassword = options.eslPassword ?? `esl-${Math.random().toString(36).slice(2, 10)}`;
  const root = mkdtempSync(join(tmpdir(), 'sb-fs-'));
  const dirs = { root } as FreeSwitch['dirs'];
  for (const name of ['log', 'db', 'run', 'tmp', 'storage', 'recordings', 'certs', 'sounds'] as const) {
    dirs[name] = name === 'storage' && options.storageDir ? options.storageDir : join(root, name);
    mkdirSync(dirs[name], { recursive: true });
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    ESL_LISTEN_IP: '127.0.0.1',
    ESL_PORT: String(ports.esl),
    ESL_PASSWORD: eslPassword,
    SIP_IP: '127.0.0.1',
    EXTERNAL_IP: '127.0.0.1',
    SIP_PORT: String(ports.sip),
    SIP_WS_PORT: String(ports.ws),
    SIP_WSS_PORT: String(ports.wss),
    SIP_EXTERNAL_PORT: String(ports.external),
    RTP_START_PORT: String(ports.rtp[0]),
    RTP_END_PORT: String(ports.rtp[1]),
    SWITCHBOARD_URL: options.switchboardUrl,
    FREESWITCH_SECRET: options.secret,
    ...options.env,
  };
  // As STACK.md says: every folder of its own, the modules from the install, no NAT probing.
  const args = [
    '-nonat', '-nc', '-nf',
    '-conf', CONF_DIR,
    '-mod', join(FREESWITCH_PREFIX, 'lib/freeswitch/mod'),
    '-log', dirs.log, '-db', dirs.db, '-run', dirs.run, '-temp', dirs.tmp,
    '-storage', dirs.storage, '-recordings', dirs.recordings, '-certs', dirs.certs,
    '-sounds', dirs.sounds, '-cache', join(root, 'cache'), '-scripts', join(root, 'scripts'),
  ];
  let output = '';
  let child: ChildProcess | undefined;

  const cli = (api: string, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      execFile(
        ...command(options.netns, 'fs_cli', ['-H', '127.0.0.1', '-P', String(ports.esl), '-p', eslPassword, '-q', '-x', api]),
        { timeout: timeoutMs, encoding: 'utf8' },
        (err, stdout, stderr) => (err ? reject(new Error(`fs_cli -x '${api}': ${err.message} ${stderr}`)) : resolve(stdout)),
      );
    });

  const launch = async () => {
    output = '';
    // `ip netns exec` execs FreeSWITCH in place, so signals reach it directly.
    const proc = spawn(...command(options.netns, 'freeswitch', args), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    running.add(proc);
    proc.stdout!.on('data', (d) => (output += d));
    proc.stderr!.on('data', (d) => (output += d));
    proc.once('exit', () => running.delete(proc));
    const exited = () => proc.exitCode !== null || proc.signalCode !== null;
    try {
      await waitFor(async () => {
        if (exited()) throw new Error(`FreeSWITCH exited (${proc.exitCode ?? proc.signalCode}):\n${tail(output)}`);
        const status = await cli('sofia status').catch(() => '');
        // Both profiles up (internal: phones and browsers; external: the carrier).
        return /internal\s+profile\s+\S+\s+RUNNING/.test(status) && /external\s+profile\s+\S+\s+RUNNING/.test(status);
      }, 30_000, 'FreeSWITCH to start with both sofia profiles running', 200);
    } catch (err) {
      proc.kill('SIGKILL');
      throw err;
    }
  };

  const halt = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    await cli('fsctl shutdown', 3_000).catch(() => undefined);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 8_000);
    await gone;
    clearTimeout(timer);
  };

  await launch();
  return {
    ports,
    eslPassword,
    dirs,
    api: (command) => cli(command),
    log: () => output + readLogFile(dirs.log),
    async stop({ keepDirs = false } = {}) {
      await halt();
      if (!keepDirs) rmSync(root, { recursive: true, force: true });
    },
    async kill() {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGKILL');
      await gone;
    },
    restart: launch,
  };
}

const tail = (text: string, lines = 40) => text.split('\n').slice(-lines).join('\n');

function readLogFile(dir: string) {
  try {
    return readFileSync(join(dir, 'freeswitch.log'), 'utf8');
  } catch {
    return '';
  }
}
