// Run the simulator on its own, for a server started separately:
//   npm run simulator -- --port 8021 --demo --domain acme.pbx.test:1001-1010
import { PbxSimulator, startDemo, type Demo, type DemoTenant } from './index.ts';

const USAGE = `usage: npm run simulator -- [--host 127.0.0.1] [--port 8021] [--password ClueCon]
       [--heartbeat-ms 20000] [--demo] [--domain <domain>:<first>-<last>]...
  --domain may repeat; with --demo and no --domain: acme.pbx.test:1001-1012 and globex.pbx.test:1001-1005 (the demo seed)`;

function parseDomain(spec: string): DemoTenant {
  const m = /^([^:]+):(\d+)-(\d+)$/.exec(spec);
  if (!m) throw new Error(`--domain ${spec}: expected <domain>:<first>-<last>, e.g. acme.pbx.test:1001-1010`);
  const [, domain, first, last] = m as unknown as [string, string, string, string];
  const extensions: string[] = [];
  for (let n = Number(first); n <= Number(last); n++) extensions.push(String(n));
  return { domain, extensions };
}

const args = process.argv.slice(2);
const opts = { host: '127.0.0.1', port: 8021, password: 'ClueCon', heartbeatMs: 20_000, demo: false };
const tenants: DemoTenant[] = [];
try {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--host') opts.host = value();
    else if (arg === '--port') opts.port = Number(value());
    else if (arg === '--password') opts.password = value();
    else if (arg === '--heartbeat-ms') opts.heartbeatMs = Number(value());
    else if (arg === '--demo') opts.demo = true;
    else if (arg === '--domain') tenants.push(parseDomain(value()));
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}

const sim = new PbxSimulator(opts);
const port = await sim.start();
console.log(`PBX simulator (ESL inbound) listening on ${opts.host}:${port}`);
let demo: Demo | undefined;
if (opts.demo) {
  if (!tenants.length) tenants.push(parseDomain('acme.pbx.test:1001-1012'), parseDomain('globex.pbx.test:1001-1005'));
  demo = startDemo(sim, tenants);
  console.log(`demo traffic for ${tenants.map((t) => `${t.domain} (${t.extensions.length} extensions)`).join(', ')}`);
}
const shutdown = () => {
  demo?.stop(); // the demo drives the simulator: it stops first
  void sim.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
