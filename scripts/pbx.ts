// `npm run pbx`: a local FreeSWITCH for `npm start` to run against, started
// from this repository's freeswitch/conf (the files a deployment uses) with
// every socket on 127.0.0.1 and its runtime folders under <DATA_DIR>/freeswitch.
// It stays in the foreground; Ctrl-C stops it. Then, in a second terminal:
//   ESL_HOST=127.0.0.1 npm start
// Settings (environment): FREESWITCH_PREFIX (default /opt/freeswitch), and the
// variables freeswitch/conf/vars.xml reads (ESL_PORT, ESL_PASSWORD, SIP_PORT,
// SIP_WS_PORT, SWITCHBOARD_URL, …), each with the same default as there.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const prefix = process.env.FREESWITCH_PREFIX ?? '/opt/freeswitch';
const binary = join(prefix, 'bin', 'freeswitch');
if (!existsSync(binary)) {
  console.error(
    `No FreeSWITCH at ${prefix}. Install FreeSWITCH 1.10 (README, "Real FreeSWITCH": SignalWire's packages or a source build) ` +
      'and set FREESWITCH_PREFIX to its prefix.',
  );
  process.exit(1);
}
const root = resolve(process.env.DATA_DIR ?? 'data', 'freeswitch');
const dir = (name: string) => {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  return path;
};
const conf = new URL('../freeswitch/conf', import.meta.url).pathname;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  // Loopback unless told otherwise: nothing of this PBX is reachable from the network.
  ESL_LISTEN_IP: process.env.ESL_LISTEN_IP ?? '127.0.0.1',
  SIP_IP: process.env.SIP_IP ?? '127.0.0.1',
  EXTERNAL_IP: process.env.EXTERNAL_IP ?? process.env.SIP_IP ?? '127.0.0.1',
  SWITCHBOARD_URL: process.env.SWITCHBOARD_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`,
};
const args = [
  '-nonat', '-nc', '-nf',
  '-conf', conf,
  '-mod', join(prefix, 'lib/freeswitch/mod'),
  '-log', dir('log'), '-db', dir('db'), '-run', dir('run'), '-temp', dir('tmp'),
  '-storage', dir('storage'), '-recordings', dir('recordings'), '-certs', dir('tls'),
  '-sounds', dir('sounds'), '-cache', dir('cache'), '-scripts', dir('scripts'),
];
console.log(`FreeSWITCH from ${conf}, runtime folders in ${root}`);
console.log(`Event socket on ${env.ESL_LISTEN_IP}:${env.ESL_PORT ?? 8021}; start Switchboard with:  ESL_HOST=127.0.0.1 npm start`);
const child = spawn(binary, args, { env, stdio: 'inherit' });
const stop = () => child.kill('SIGTERM');
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
