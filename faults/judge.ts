// The judge of "nothing lost, nothing doubled": FreeSWITCH's own
// CHANNEL_HANGUP_COMPLETE events, heard on a raw event socket of the fault
// run's own (straight to FreeSWITCH, never through a relay that is cut, and
// opened again after FreeSWITCH restarts), against the rows in the test
// database read over a direct connection (not Switchboard's, which may be
// the one cut).
import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { callDetail } from '../server/pbx/cdr.ts';
import { EslTap, jsonEvent } from '../tests/freeswitch/harness/esl-tap.ts';
import { waitFor } from '../tests/helpers/wait.ts';
import type { PlacedCall } from './traffic.ts';

export interface Leg {
  uuid: string;
  sipCallId: string;
  at: number;
  /** Who called whom on which profile, to name a lost leg. */
  describe: string;
}

export interface Ledger {
  /** Legs FreeSWITCH hung up (and so wrote a CDR for) that have no row. */
  lost: number;
  /** Calls sipp completed whose own leg has no row (and the tap did not hear). */
  lostCalls: number;
  /** Rows or debits more than one per leg, and balances that are not their ledger's sum. */
  doubled: number;
  legs: number;
  /** CDRs mod_json_cdr gave up on and wrote to its err-log-dir (only cdr-replay would post them). */
  spooled: number;
  /** The lost legs, described. */
  missing: string[];
  /** Legs hung up before the dialplan named their tenant (a carrier's call cut mid-routing): no row is due. */
  tenantless: number;
}

export class Judge {
  readonly legs = new Map<string, Leg>();
  private tenantless = 0;
  private tap: EslTap | undefined;
  private closed = false;
  private reopening: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly esl: { port: number; password: string },
    readonly db: pg.Pool,
  ) {}

  static async open(esl: { port: number; password: string }, databaseUrl: string): Promise<Judge> {
    const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    const judge = new Judge(esl, db);
    await judge.listen();
    // FreeSWITCH restarted: the tap is closed with it; listen again once it is back.
    judge.timer = setInterval(() => {
      if (judge.tap?.closed && !judge.reopening && !judge.closed) {
        judge.reopening = judge.listen().catch(() => undefined).finally(() => (judge.reopening = undefined));
      }
      judge.collect();
    }, 200);
    return judge;
  }

  private async listen(): Promise<void> {
    const tap = await EslTap.open(this.esl.port);
    await tap.next((f) => f.headers.some(([n, v]) => n === 'Content-Type' && v === 'auth/request'), 5000, 'auth/request');
    await tap.command(`auth ${this.esl.password}`);
    await tap.command('event json CHANNEL_HANGUP_COMPLETE');
    this.tap = tap;
  }

  /** Folds the tap's hangups into `legs`. */
  collect(): void {
    for (const frame of this.tap?.untaken() ?? []) {
      const e = jsonEvent(frame);
      if (e?.['Event-Name'] !== 'CHANNEL_HANGUP_COMPLETE' || !e['Unique-ID']) continue;
      // The carrier-facing leg of an outside call belongs to no tenant (its cost is on the caller's own leg): no row is due.
      if (e['Call-Direction'] === 'outbound' && e.variable_sofia_profile_name === 'external') continue;
      // Switchboard's own attribution (server/pbx/cdr.ts): a leg with no domain belongs to no tenant and is owed no row.
      if (!callDetail((name) => e[name])?.domain) {
        this.tenantless++;
        continue;
      }
      const describe = `${e['Call-Direction']} ${e['Caller-Caller-ID-Number']} → ${e['Caller-Destination-Number']} (${e.variable_sofia_profile_name ?? e['Channel-Name']}, ${e['Hangup-Cause']})`;
      this.legs.set(e['Unique-ID'], { uuid: e['Unique-ID'], sipCallId: e.variable_sip_call_id ?? '', at: Date.now(), describe });
    }
  }

  /** Waits until every leg FreeSWITCH hung up and every completed call has its row (or `ms` passed), then counts. */
  async settle(calls: PlacedCall[], spoolDir: string, ms = 30_000): Promise<Ledger> {
    let ledger = await this.count(calls, spoolDir);
    try {
      await waitFor(async () => {
        ledger = await this.count(calls, spoolDir);
        return ledger.lost + ledger.lostCalls === 0;
      }, ms, 'every CDR row', 500);
    } catch {
      /* counted as lost */
    }
    return ledger;
  }

  async count(calls: PlacedCall[], spoolDir: string): Promise<Ledger> {
    this.collect();
    const uuids = [...this.legs.keys()];
    const completed = calls.filter((c) => c.code === 0).map((c) => c.callId);
    const q = async <T>(text: string, values: unknown[] = []) => (await this.db.query(text, values)).rows as T[];
    const [rows, byCallId, doubledRows, doubledDebits, drift] = await Promise.all([
      q<{ uuid: string }>('select uuid::text from cdr where uuid::text = any($1)', [uuids]),
      q<{ sip_call_id: string; n: string }>('select sip_call_id, count(*) as n from cdr where sip_call_id = any($1) group by 1', [completed]),
      q<{ n: string }>('select count(*) - count(distinct uuid) as n from cdr'),
      q<{ n: string }>("select count(*) - count(distinct cdr_uuid) as n from credit_ledger where kind = 'call'"),
      q<{ n: string }>(
        'select count(*) as n from tenants t where t.credit <> (select coalesce(sum(amount), 0) from credit_ledger l where l.tenant_id = t.id)',
      ),
    ]);
    const found = new Set(rows.map((r) => r.uuid));
    const heard = new Set([...this.legs.values()].map((l) => l.sipCallId));
    const rowsByCallId = new Map(byCallId.map((r) => [r.sip_call_id, Number(r.n)]));
    return {
      legs: uuids.length,
      lost: uuids.filter((u) => !found.has(u)).length,
      missing: uuids.filter((u) => !found.has(u)).map((u) => `${u} ${this.legs.get(u)!.describe}`),
      tenantless: this.tenantless,
      lostCalls: completed.filter((id) => !rowsByCallId.get(id) && !heard.has(id)).length,
      doubled: Number(doubledRows[0]!.n) + Number(doubledDebits[0]!.n) + Number(drift[0]!.n),
      spooled: await spooledCount(spoolDir),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.reopening;
    this.tap?.close();
    await this.db.end().catch(() => undefined);
  }
}

async function spooledCount(dir: string): Promise<number> {
  return (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cdr.json')).length;
}
