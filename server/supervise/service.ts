// Listen, whisper, barge: a supervisor or admin takes part in the live call
// of one of their own tenant's extensions through FreeSWITCH's eavesdrop
// (server/pbx/eavesdrop.ts). Their own extension's phone rings; once it
// answers, the call's state goes to every node (an AppEvent), each mode is an
// audit row (./audit.ts), and a mode change is a digit on the supervisor's
// leg, so the phone never rings again. The tenant, the role and the
// supervisor's extension come from the session; the request names only
// the extension and the mode.
import { randomUUID } from 'node:crypto';
import type { SupervisionMode } from '../../common/live.ts';
import type { SuperviseResult } from '../../common/socket.ts';
import type { Actor } from '../admin/context.ts';
import type { Orm } from '../db/orm.ts';
import { findExtensionsOfUser } from '../db/queries.ts';
import type { SessionInfo } from '../http/session.ts';
import type { Deliver } from '../live/reach.ts';
import type { Supervision } from '../live/state.ts';
import type { LiveStore } from '../live/store.ts';
import type { Log } from '../log.ts';
import { PbxCommandError, PbxDownError, type Pbx } from '../pbx/connection.ts';
import { eavesdropEnd, eavesdropMode, eavesdropOriginate, SUPERVISOR_RING_SECONDS } from '../pbx/eavesdrop.ts';
import type { PbxEvent } from '../pbx/events.ts';
import { closeSegment, openSegment } from './audit.ts';
import { listenShownIn } from './follow.ts';

export interface SuperviseDeps {
  orm: Orm;
  pbx: Pick<Pbx, 'api' | 'bgapi' | 'onEvent'>;
  live: Pick<LiveStore, 'tenantState'>;
  deliver: Deliver;
  log: Pick<Log, 'warn' | 'info'>;
}

/** FreeSWITCH's causes for a supervisor's phone that did not join, in words they can act on. */
const NO_ANSWER_WORDS: Record<string, string> = {
  USER_NOT_REGISTERED: 'No phone of yours is registered: open the softphone or connect your desk phone, then try again.',
  NO_ANSWER: 'Your phone did not answer.',
  NO_USER_RESPONSE: 'Your phone did not answer.',
  USER_BUSY: 'Your phone is busy.',
  CALL_REJECTED: 'Your phone declined the call.',
  ORIGINATOR_CANCEL: 'Cancelled: your phone stopped ringing.',
  NORMAL_CLEARING: 'Cancelled: your phone stopped ringing.',
};

export const SUPERVISE_ERRORS = {
  role: 'Only supervisors and administrators may listen to calls.',
  noExtension: 'You need an extension of your own to listen to calls: its phone is what rings. Ask your administrator for one.',
  unknown: (ext: string) => `There is no extension ${ext}.`,
  own: 'That is your own extension.',
  notOnCall: (ext: string) => `Extension ${ext} is not on a call.`,
  taken: (ext: string, name: string) => `${name} is already on extension ${ext}'s call.`,
  busy: (ext: string) => `You are already on extension ${ext}'s call. Leave it first.`,
  ringing: 'Your phone is already ringing for a call. Answer it, or let it stop first.',
  notSupervising: 'You are not on any call as a supervisor.',
  noAnswer: (cause: string) => NO_ANSWER_WORDS[cause] ?? `Your phone did not answer (${cause}).`,
  pbxDown: 'The PBX cannot be reached right now. Try again in a moment.',
  failed: 'FreeSWITCH would not do it. Try again in a moment.',
} as const;

const fail = (error: string): SuperviseResult => ({ ok: false, error });
const mayIntervene = (session: SessionInfo) => session.role === 'supervisor' || session.role === 'admin';

export function superviseService(deps: SuperviseDeps) {
  const { orm, pbx, live, deliver, log } = deps;
  /** Users whose phone this node rings for a supervision now, with the leg ringing: a second request would ring it twice, and Leave cancels it. */
  const ringing = new Map<string, string>();

  /** Whether agents of the tenant may see that they are listened to. */
  const listenShown = (tenantId: string) => listenShownIn(orm, tenantId);

  const mine = (session: SessionInfo): Supervision | undefined =>
    [...(live.tenantState(session.tenantId)?.supervisions.values() ?? [])].find((s) => s.userId === session.userId);

  /** The supervisor's leg answered, or why not: FreeSWITCH's events about the leg (or the job, when no leg was made). */
  const answered = (uuid: string, job: Promise<string>) =>
    new Promise<{ at: number } | { cause: string }>((resolve) => {
      let jobUuid: string | undefined;
      // A job's answer may come before bgapi's reply is read (the same socket read): kept until the id is known.
      const early = new Map<string, string>();
      const jobFailed = (output: string) => {
        if (output.startsWith('-ERR')) done({ cause: output.replace(/^-ERR\s*/, '').trim() });
      };
      const done = (result: { at: number } | { cause: string }) => {
        stop();
        clearTimeout(timer);
        resolve(result);
      };
      const stop = pbx.onEvent((event: PbxEvent) => {
        if (event.kind === 'channel-answered' && event.uuid === uuid) done({ at: Math.floor(event.answeredAt / 1000) || Date.now() });
        else if (event.kind === 'channel-hangup-complete' && event.channel.uuid === uuid) done({ cause: event.hangupCause });
        else if (event.kind === 'background-job') {
          if (jobUuid === undefined) early.set(event.job.jobUuid, event.job.output);
          else if (event.job.jobUuid === jobUuid) jobFailed(event.job.output);
        }
      });
      const timer = setTimeout(() => done({ cause: 'NO_ANSWER' }), (SUPERVISOR_RING_SECONDS + 5) * 1000);
      job.then(
        (id) => {
          jobUuid = id;
          const output = early.get(id);
          early.clear();
          if (output !== undefined) jobFailed(output);
        },
        (err: Error) => done({ cause: err instanceof PbxDownError ? 'PBX unreachable' : err.message }),
      );
    });

  const problem = (what: string, err: unknown): SuperviseResult => {
    if (err instanceof PbxDownError) return fail(SUPERVISE_ERRORS.pbxDown);
    if (err instanceof PbxCommandError) {
      log.warn(`supervise: FreeSWITCH refused ${what}: ${err.message}`);
      return fail(SUPERVISE_ERRORS.failed);
    }
    throw err;
  };

  async function changeMode(actor: Actor, session: SessionInfo, current: Supervision, mode: SupervisionMode): Promise<SuperviseResult> {
    if (current.mode === mode) return { ok: true };
    try {
      await pbx.api(eavesdropMode(current.supervisorUuid, mode));
    } catch (err) {
      return problem(`mode ${mode}`, err);
    }
    const now = Date.now();
    await closeSegment(orm, current.auditId, now);
    const auditId = await openSegment(orm, {
      tenantId: session.tenantId,
      actor,
      extension: current.extension,
      mode,
      call: current.targetUuid,
      supervisorLeg: current.supervisorUuid,
      from: now,
    });
    // The call may have ended meanwhile: then the hangup already cleared it, and this row ends now.
    const still = live.tenantState(session.tenantId)?.supervisions.get(current.extension);
    if (still?.supervisorUuid !== current.supervisorUuid) {
      await closeSegment(orm, auditId, Date.now());
      return fail(SUPERVISE_ERRORS.notSupervising);
    }
    deliver(
      { kind: 'supervision', tenantId: session.tenantId, extension: current.extension, supervision: { ...current, mode, auditId, since: now, listenShown: await listenShown(session.tenantId) } },
      'every-node',
    );
    return { ok: true };
  }

  /** Rings the supervisor's phone with `eavesdrop` on the agent's leg; once it answered, the first mode's row and the state for every node. */
  async function join(j: {
    session: SessionInfo;
    actor: Actor;
    extension: string;
    mode: SupervisionMode;
    uuid: string;
    targetUuid: string;
    supervisorExtension: string;
    command: string;
  }): Promise<SuperviseResult> {
    const { session, actor, extension, mode, uuid } = j;
    const outcome = await answered(uuid, pbx.bgapi(j.command));
    if ('cause' in outcome) {
      if (outcome.cause === 'PBX unreachable') return fail(SUPERVISE_ERRORS.pbxDown);
      return fail(SUPERVISE_ERRORS.noAnswer(outcome.cause));
    }
    if (mode !== 'listen') {
      try {
        await pbx.api(eavesdropMode(uuid, mode));
      } catch (err) {
        await pbx.api(eavesdropEnd(uuid)).catch(() => undefined);
        return problem(`mode ${mode}`, err);
      }
    }
    const since = outcome.at;
    const auditId = await openSegment(orm, { tenantId: session.tenantId, actor, extension, mode, call: j.targetUuid, supervisorLeg: uuid, from: since });
    const supervision: Supervision = {
      extension,
      supervisorExtension: j.supervisorExtension,
      userId: session.userId,
      name: session.name,
      mode,
      supervisorUuid: uuid,
      targetUuid: j.targetUuid,
      auditId,
      since,
      listenShown: await listenShown(session.tenantId),
    };
    deliver({ kind: 'supervision', tenantId: session.tenantId, extension, supervision }, 'every-node');
    // Either leg hung up while the row was written: the reducer refused it (its leg is gone), and this row ends now.
    if (live.tenantState(session.tenantId)?.supervisions.get(extension)?.supervisorUuid !== uuid) {
      await closeSegment(orm, auditId, Date.now());
      return fail(SUPERVISE_ERRORS.notOnCall(extension));
    }
    log.info(`supervise: ${session.email} on extension ${extension}'s call (${mode})`);
    return { ok: true };
  }

  return {
    /** Start supervising `extension`'s call in `mode`, or switch the mode of the call already supervised. */
    async supervise(session: SessionInfo, address: string | null, extension: string, mode: SupervisionMode): Promise<SuperviseResult> {
      if (!mayIntervene(session)) return fail(SUPERVISE_ERRORS.role);
      const actor: Actor = { id: session.userId, label: session.email, address };
      const tenant = live.tenantState(session.tenantId);
      // Only the session's tenant is looked in: another tenant's extension is simply not there.
      if (!tenant?.extensions.has(extension)) return fail(SUPERVISE_ERRORS.unknown(extension));
      const current = tenant.supervisions.get(extension);
      if (current && current.userId === session.userId) return changeMode(actor, session, current, mode);
      if (current) return fail(SUPERVISE_ERRORS.taken(extension, current.name));
      const elsewhere = mine(session);
      if (elsewhere) return fail(SUPERVISE_ERRORS.busy(elsewhere.extension));
      const [own] = await findExtensionsOfUser(orm.em.fork(), session.tenantId, session.userId);
      if (!own) return fail(SUPERVISE_ERRORS.noExtension);
      if (own.number === extension) return fail(SUPERVISE_ERRORS.own);
      // The extension's answered leg, the latest: what its phone is talking on.
      const target = [...(tenant.legsOf.get(extension) ?? [])]
        .map((uuid) => ({ uuid, leg: tenant.legs.get(uuid) }))
        .filter((l) => l.leg && l.leg.answeredAt > 0)
        .sort((a, b) => b.leg!.answeredAt - a.leg!.answeredAt)[0];
      if (!target) return fail(SUPERVISE_ERRORS.notOnCall(extension));

      if (ringing.has(session.userId)) return fail(SUPERVISE_ERRORS.ringing);
      const uuid = randomUUID();
      const command = eavesdropOriginate({ uuid, supervisorExtension: own.number, domain: tenant.domain, targetUuid: target.uuid, agentExtension: extension });
      ringing.set(session.userId, uuid);
      try {
        return await join({ session, actor, extension, mode, uuid, targetUuid: target.uuid, supervisorExtension: own.number, command });
      } finally {
        ringing.delete(session.userId);
      }
    },

    /** Hang up the supervisor's leg; the hangup ends the supervision on every node and closes its audit row. */
    async leave(session: SessionInfo): Promise<SuperviseResult> {
      if (!mayIntervene(session)) return fail(SUPERVISE_ERRORS.role);
      // Still ringing (on this node): hang the ringing leg up, and the request that rang it says so.
      const leg = mine(session)?.supervisorUuid ?? ringing.get(session.userId);
      if (!leg) return fail(SUPERVISE_ERRORS.notSupervising);
      try {
        await pbx.api(eavesdropEnd(leg));
        return { ok: true };
      } catch (err) {
        return problem('leave', err);
      }
    },
  };
}

export type SuperviseService = ReturnType<typeof superviseService>;
