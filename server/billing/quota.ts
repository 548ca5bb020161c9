// This month's usage against the tenant's package. Talk time is counted
// from the CDRs of the tenant's extensions (each answered leg rounded up to
// whole minutes, as the rating rounds); fax pages from the fax rows: pages
// actually sent, pages received.
import type { Quota } from '../../common/billing.ts';
import type { Em } from '../db/orm.ts';

/** The first instant of the month `now` falls in, in the server's time zone. */
export const monthStart = (now: Date) => new Date(now.getFullYear(), now.getMonth(), 1);

async function one<T>(em: Em, query: string, params: unknown[]): Promise<T> {
  const rows = (await em.getConnection().execute(query, params, 'all', em.getTransactionContext())) as T[];
  return rows[0]!;
}

export async function tenantQuota(em: Em, tenantId: string, devices: number, now = new Date()): Promise<Quota | undefined> {
  const since = monthStart(now);
  const tenant = await one<{ max_extensions: number; max_devices: number; max_ring_groups: number; voice_minutes: number; fax_pages: number } | undefined>(
    em,
    'select "max_extensions", "max_devices", "max_ring_groups", "voice_minutes", "fax_pages" from "tenants" where "id" = ?',
    [tenantId],
  );
  if (!tenant) return undefined;
  const [voice, sent, received, extensions] = await Promise.all([
    one<{ minutes: number }>(
      em,
      `select coalesce(sum(ceil("billsec" / 60.0)), 0)::int as "minutes" from "cdr"
       where "tenant_id" = ? and "started_at" >= ? and "extension" is not null and "billsec" > 0`,
      [tenantId, since],
    ),
    one<{ pages: number }>(
      em,
      `select coalesce(sum("sent_pages"), 0)::int as "pages" from "fax_outbound" where "tenant_id" = ? and "status" = 'sent' and "completed_at" >= ?`,
      [tenantId, since],
    ),
    one<{ pages: number }>(
      em,
      `select coalesce(sum("pages"), 0)::int as "pages" from "fax_inbound" where "tenant_id" = ? and "status" = 'received' and "received_at" >= ?`,
      [tenantId, since],
    ),
    one<{ count: number }>(em, 'select count(*)::int as "count" from "extensions" where "tenant_id" = ?', [tenantId]),
  ]);
  return {
    monthStart: since.toISOString(),
    voiceMinutes: { used: Number(voice.minutes), limit: tenant.voice_minutes },
    faxPages: {
      used: Number(sent.pages) + Number(received.pages),
      limit: tenant.fax_pages,
      sent: Number(sent.pages),
      received: Number(received.pages),
    },
    extensions: { used: Number(extensions.count), limit: tenant.max_extensions },
    devices: { used: devices, limit: tenant.max_devices },
    // Ring groups are not modelled yet: none can be in use.
    ringGroups: { used: 0, limit: tenant.max_ring_groups },
  };
}
