// Each mode of an intervention is one audit_log row: written when the mode
// begins (so a crash of this node, which FreeSWITCH outlives, never loses
// that the supervisor was on the call, and when from) with `until` null, and
// closed when the mode ends. Closing is idempotent (only a row still open
// is closed), because every node hears the hangup that ends it and any of
// them may close it first.
import type { SupervisionMode } from '../../common/live.ts';
import { auditWith } from '../admin/audit.ts';
import type { Actor } from '../admin/context.ts';
import type { Orm } from '../db/orm.ts';

/** audit_log.action of a mode: `supervise.listen`, `supervise.whisper`, `supervise.barge`. */
export const superviseAction = (mode: SupervisionMode) => `supervise.${mode}`;

export interface SegmentStart {
  tenantId: string;
  actor: Actor;
  extension: string;
  mode: SupervisionMode;
  /** The agent's leg at FreeSWITCH: which call. */
  call: string;
  /** The supervisor's eavesdropping leg. */
  supervisorLeg: string;
  /** Epoch ms. */
  from: number;
}

/** Writes the row of a mode that begins; returns its id. */
export async function openSegment(orm: Orm, s: SegmentStart): Promise<string> {
  const em = orm.em.fork();
  const row = auditWith(em, s.actor, {
    tenantId: s.tenantId,
    action: superviseAction(s.mode),
    target: `extension ${s.extension}`,
    changes: { mode: s.mode, call: s.call, supervisorLeg: s.supervisorLeg, from: new Date(s.from).toISOString(), until: null },
  });
  await em.flush();
  return String(row.id);
}

/** Says when a mode ended (epoch ms), unless it was said already. */
export async function closeSegment(orm: Orm, auditId: string, until: number): Promise<void> {
  await orm.em
    .fork()
    .getConnection()
    .execute(
      `update audit_log set changes = jsonb_set(changes, '{until}', to_jsonb(?::text)) where id = ? and action like 'supervise.%' and changes->>'until' is null`,
      [new Date(until).toISOString(), auditId],
      'run',
    );
}

/** A mode's row not closed yet, with what it takes to put the supervision back into the live state. */
export interface OpenSegment {
  id: string;
  tenantId: string;
  userId: string | null;
  /** The supervisor's name now (null: the user is gone). */
  name: string | null;
  extension: string;
  mode: SupervisionMode;
  call: string;
  supervisorLeg: string;
  /** Epoch ms. */
  from: number;
  hideListening: boolean;
}

/** Every row still open (few: those going on, and those whose end no node saw). */
export async function openSegments(orm: Orm): Promise<OpenSegment[]> {
  const rows = (await orm.em
    .fork()
    .getConnection()
    .execute(
      `select a.id, a.tenant_id, a.actor_id, u.name, a.target, a.changes, t.hide_listening
         from audit_log a join tenants t on t.id = a.tenant_id left join users u on u.id = a.actor_id
        where a.action like 'supervise.%' and a.changes->>'until' is null`,
      [],
      'all',
    )) as { id: string | number; tenant_id: string; actor_id: string | null; name: string | null; target: string; changes: Record<string, string>; hide_listening: boolean }[];
  return rows.map((r) => ({
    id: String(r.id),
    tenantId: r.tenant_id,
    userId: r.actor_id,
    name: r.name,
    extension: r.target.replace(/^extension /, ''),
    mode: r.changes.mode as SupervisionMode,
    call: r.changes.call ?? '',
    supervisorLeg: r.changes.supervisorLeg ?? '',
    from: Date.parse(r.changes.from ?? ''),
    hideListening: r.hide_listening,
  }));
}
