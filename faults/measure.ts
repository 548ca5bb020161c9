// One fault, measured the same way whatever it is: the screens agree with
// FreeSWITCH first, the fault is injected while calls and registrations flow,
// then we time how long until every screen equals FreeSWITCH again, read what
// the screens showed meanwhile, let the calls under way end, and count CDR
// rows lost and rows or debits doubled against FreeSWITCH's own hangups.
import type { Ledger } from './judge.ts';
import type { Rig } from './rig.ts';
import { duringFault, secondsToTruth } from './screens.ts';

/** A stretch of time when the PBX could not be reached: every screen must say so within it. */
export interface Outage {
  from: number;
  to: number;
}

export interface Injected {
  /** When the PBX itself (or the link to it) was down: screens must show it. Empty for faults behind Switchboard. */
  outages: Outage[];
  /** When the fault was over (the relay restored, FreeSWITCH answering again). */
  endedAt: number;
  /** What the injection itself saw (how long FreeSWITCH took to stop, …). */
  notes?: string[];
  /** A fault injected into faxing: how its faxes ended, judged by the injection (faults/fax.ts) once they have. */
  faxes?: Promise<FaxTally>;
}

/** Faxes a fault put at stake, against what FreeSWITCH and the receiver saw. */
export interface FaxTally {
  /** Faxes whose job never ended as sent or failed-with-words, or that the receiver never got though the job says sent. */
  lost: number;
  /** Faxes that FreeSWITCH sent, or the receiver got, more than once. */
  sentTwice: number;
  /** What the sender's and receiver's screens and REST lists said, in words. */
  shown: string;
  /** What a user was told wrongly, or what was left behind (the fault fails on any). */
  wrong: string[];
}

export interface FaultResult {
  fault: string;
  /** What the screens showed during the fault, in words. */
  screens: string;
  /** Whether every outage was shown on every screen (never stale figures as live). */
  shownDown: boolean;
  /** From the end of the fault until every screen equals FreeSWITCH; null = not within the bound. */
  secondsToTruth: number | null;
  cdrsLost: number;
  doubled: number;
  /** CDRs left in mod_json_cdr's spool (posted by nobody until cdr-replay). */
  spooled: number;
  calls: { placed: number; completed: number };
  legs: number;
  /** Only for the faults injected into faxing. */
  faxes?: FaxTally;
  pass: boolean;
  notes: string[];
}

/** How close after an outage begins its mark must appear (the link's close travels as a patch). */
const SHOW_WITHIN_MS = 1500;

export async function measureFault(
  rig: Rig,
  fault: string,
  inject: (rig: Rig) => Promise<Injected>,
  options: { truthWithinMs?: number } = {},
): Promise<FaultResult> {
  const notes: string[] = [];
  const baseline = await secondsToTruth(rig.screens, rig, Date.now(), 20_000);
  if (baseline.seconds === undefined) notes.push(`screens differed from FreeSWITCH before the fault: ${baseline.last.slice(0, 3).join('; ')}`);
  const before: Ledger = await rig.judge.count(rig.traffic.calls, rig.spoolDir);
  const callsBefore = rig.traffic.calls.length;

  const startedAt = Date.now();
  const injected = await inject(rig);
  notes.push(...(injected.notes ?? []));
  const truth = await secondsToTruth(rig.screens, rig, injected.endedAt, options.truthWithinMs ?? 45_000);
  if (truth.seconds === undefined) notes.push(`still differing: ${truth.last.slice(0, 4).join('; ')}`);
  const truthAt = truth.seconds === undefined ? Date.now() : injected.endedAt + truth.seconds * 1000;
  const seen = duringFault(rig.screens, startedAt, truthAt);

  await rig.traffic.drain();
  const after = await rig.judge.settle(rig.traffic.calls, rig.spoolDir);
  rig.traffic.resume();

  // A screen showed an outage when it was not showing the link up at some moment of it: a mark
  // within it, or one before it that still stood (the link may not come back between two cuts).
  const delays = injected.outages.map((o) =>
    rig.screens.map((s) => {
      const standing = s.marks.filter((m) => m.at <= o.from).at(-1);
      if (standing && standing.shows !== 'pbx-up') return 0;
      const mark = s.marks.find((m) => m.shows !== 'pbx-up' && m.at >= o.from && m.at <= Math.max(o.to, o.from + SHOW_WITHIN_MS));
      return mark ? mark.at - o.from : undefined;
    }),
  );
  const shown = delays.map((perScreen) => perScreen.every((d) => d !== undefined));
  const slowest = Math.max(0, ...delays.flat().filter((d): d is number => d !== undefined));
  const socketLost = seen.filter((s) => s.marks.some((m) => m.shows === 'socket-lost')).length;
  const words: string[] = [];
  if (injected.outages.length) {
    words.push(
      `"PBX unreachable" on every screen in ${shown.filter(Boolean).length}/${injected.outages.length} outage(s)` +
        `, within ${slowest} ms`,
    );
  } else {
    const down = seen.reduce((n, s) => n + s.marks.filter((m) => m.shows === 'pbx-down').length, 0);
    words.push(down ? `PBX link shown down ${down} time(s)` : 'PBX link shown up throughout (it stayed up)');
  }
  if (socketLost) words.push(`${socketLost}/${seen.length} tabs showed their connection lost, then reconnected by themselves`);
  const faxes = await injected.faxes;
  if (faxes) words.push(faxes.shown);
  notes.push(...(faxes?.wrong ?? []));

  const cdrsLost = after.lost - before.lost + (after.lostCalls - before.lostCalls);
  const doubled = after.doubled - before.doubled;
  const spooled = after.spooled - before.spooled;
  if (spooled) notes.push(`${spooled} CDR(s) spooled by mod_json_cdr`);
  const tenantless = after.tenantless - before.tenantless;
  if (tenantless) notes.push(`${tenantless} carrier leg(s) hung up before the dialplan named a tenant (no row due)`);
  const newlyMissing = after.missing.filter((m) => !before.missing.includes(m));
  if (newlyMissing.length) notes.push(`legs without a row: ${newlyMissing.slice(0, 5).join('; ')}`);
  const shownDown = shown.every(Boolean);
  return {
    fault,
    screens: words.join('; '),
    shownDown,
    secondsToTruth: truth.seconds === undefined ? null : Math.round(truth.seconds * 10) / 10,
    cdrsLost,
    doubled,
    spooled,
    calls: {
      placed: rig.traffic.calls.length - callsBefore,
      completed: rig.traffic.calls.slice(callsBefore).filter((c) => c.code === 0).length,
    },
    legs: after.legs - before.legs,
    ...(faxes ? { faxes } : {}),
    pass: truth.seconds !== undefined && cdrsLost === 0 && doubled === 0 && shownDown && !faxes?.lost && !faxes?.sentTwice && !faxes?.wrong.length,
    notes,
  };
}
