// A Switchboard node killed with SIGKILL mid-fax: the node in a process of
// its own (faults/node-kill.ts) takes a 3-page fax from its user's upload and
// owns the job (it claims it at once; the rig's node looks for queued faxes
// only once a minute), converts it and has FreeSWITCH call out with txfax. Once
// T.30 is under way the node is killed; FreeSWITCH carries the call on. Both
// nodes share the fax folder, as production nodes must (FreeSWITCH reads the
// TIFF from it). The lease is 20 s rather than 15 min, so a result nobody
// heard would show up within the run as a second attempt.
// * beside another node: started again at once; the other node is on the
//   event socket throughout.
// * alone: no node hears the fax end. The rig's node has its event socket cut
//   from before the kill (its screens must say "PBX unreachable"), and the
//   killed node starts again only once FreeSWITCH has hung the fax call up;
//   what is left is mod_json_cdr's post of the fax leg's CDR (to the rig's
//   node, over HTTP), as a lone node gets it on json_cdr's retries.
// Judged: the job ends once, as sent; FreeSWITCH sent it once; the receiver
// has it once; the sender's tab and Sent list say so.
import { join } from 'node:path';
import { sleep, waitFor } from '../tests/helpers/wait.ts';
import { countFaxes, faxJob, jobEnded, judged, RECEIVER, senderTab, sentList, shownAt, statusesShown, submitFax, tally, type SenderTab } from './fax.ts';
import { measureFault, type FaultResult, type FaxTally, type Injected } from './measure.ts';
import { childNode, type ChildNode } from './node-kill.ts';
import { startRig, type Rig } from './rig.ts';
import { openScreen } from './screens.ts';

const PAGES = 3;
const LEASE_S = '20';
/** How far into the answered fax call the node dies: past training, inside the first page. */
const INTO_T30_MS = 4000;

export const FAX_NODE_KILL = 'Switchboard node killed (SIGKILL) mid-fax, beside another node';
export const FAX_NODE_KILL_ALONE = 'Switchboard node killed (SIGKILL) mid-fax, no node hearing the fax end';

/** Waits until FreeSWITCH has the fax's call answered: txfax is running. */
async function faxCallUp(rig: Rig, id: string): Promise<string> {
  return waitFor(
    async () => {
      const uuid = (await faxJob(rig, id))?.call_uuid;
      if (!uuid) return undefined;
      const rows = (JSON.parse(await rig.api('show channels as json')) as { rows?: { uuid: string; callstate: string }[] }).rows ?? [];
      return rows.some((r) => r.uuid === uuid && r.callstate === 'ACTIVE') ? uuid : undefined;
    },
    60_000,
    'the fax call to be answered',
    100,
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}; the job: ${JSON.stringify(await faxJob(rig, id))}`);
  });
}

async function judge(rig: Rig, node: ChildNode, tab: SenderTab, id: string, before: Awaited<ReturnType<typeof countFaxes>>, backAt: number): Promise<FaxTally> {
  const job = await jobEnded(rig, id, 150_000);
  // Whatever ends the job, the receiver's row comes with rxfax's own result: give it a moment.
  await waitFor(async () => (await countFaxes(rig)).inbound.length > before.inbound.length, 15_000, 'the inbound fax row').catch(() => undefined);
  const after = await countFaxes(rig);
  const listed = (await sentList(node.url, tab.cookie)).find((f) => f.id === id);
  const tabSaw = job && shownAt(tab, id, job.status);
  const received = after.inbound.slice(before.inbound.length);
  const shown =
    `sender's tab, live: ${statusesShown(tab, id)}` +
    (tabSaw ? ` (${job.status} ${((tabSaw - backAt) / 1000).toFixed(1)} s after the node was back)` : '') +
    `; Sent list (what the page shows, reloaded on reconnect): ${listed ? `${listed.status}, attempt ${listed.attempts} of ${listed.maxAttempts}${listed.sentPages ? `, ${listed.sentPages} pages` : ''}${listed.reason ? ` (${listed.reason})` : ''}` : 'missing'}` +
    `; ${RECEIVER}'s Inbound Fax: ${received.map((r) => `${r.status} ${r.pages} p.`).join(', ') || 'nothing'}` +
    `; FreeSWITCH sent ${after.sent - before.sent}, received ${after.received - before.received}`;
  return tally([job], before, after, shown);
}

/** Runs the whole fault on a rig of its own. */
export async function killedNodeMidFax(options: { alone?: boolean } = {}): Promise<FaultResult> {
  const rig = await startRig({ redis: true, env: { FAX_POLL_MS: '60000', FAX_LEASE_S: LEASE_S } });
  let node: ChildNode | undefined;
  let tab: SenderTab | undefined;
  try {
    node = await childNode(rig, { FAX_SPOOL_DIR: join(rig.stack.dataDir, 'fax'), FAX_LEASE_S: LEASE_S });
    rig.screens.push(await openScreen(node.url, 'supervisor@acme.test', 'supervisor@acme.test (killed node)'));
    tab = await senderTab(node.url);
    const inject = async (): Promise<Injected> => {
      const before = await countFaxes(rig);
      const up = await submitFax(node!.url, tab!.cookie, PAGES, 'Killed mid-fax');
      if (up.status !== 201) throw new Error(`the fax upload answered ${up.status}: ${JSON.stringify(up.body)}`);
      const id = up.body.fax.id as string;
      const uuid = await faxCallUp(rig, id);
      await sleep(INTO_T30_MS);
      const cutAt = Date.now();
      if (options.alone) rig.esl.cut();
      const killedAt = Date.now();
      await node!.kill();
      const carriedOn = (await rig.api(`uuid_exists ${uuid}`)).trim() === 'true';
      if (options.alone) {
        await waitFor(async () => (await rig.api(`uuid_exists ${uuid}`)).trim() !== 'true', 120_000, 'the fax call to end', 250);
      }
      const callEndedAt = Date.now();
      await node!.start();
      const backAt = Date.now();
      if (options.alone) rig.esl.restore();
      return {
        outages: options.alone ? [{ from: cutAt, to: Date.now() }] : [],
        endedAt: Date.now(),
        notes: [
          `killed ${INTO_T30_MS / 1000} s into the answered fax call; FreeSWITCH ${carriedOn ? 'carried the call on' : 'had ended the call'}` +
            (options.alone ? `, and hung it up ${((callEndedAt - killedAt) / 1000).toFixed(1)} s later with no node listening` : '') +
            `; the node was back ${((backAt - killedAt) / 1000).toFixed(1)} s after the kill`,
        ],
        faxes: judged(judge(rig, node!, tab!, id, before, backAt)),
      };
    };
    return await measureFault(rig, options.alone ? FAX_NODE_KILL_ALONE : FAX_NODE_KILL, inject, { truthWithinMs: 45_000 });
  } finally {
    tab?.socket.close();
    for (const s of rig.screens) s.socket.close();
    await node?.stop();
    await rig.close();
  }
}
