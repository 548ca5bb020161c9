// Servers of protocols 1–4 sent the tenant's counters inside the tenant scope,
// to every socket; from protocol 5 they are a scope of their own ('figures'),
// sent only to the sockets watching them. A tab reading an older node (during
// a rolling deploy) takes them out of the tenant scope here, so every page
// reads the counters from one place whichever node it is connected to.
import { DASHBOARD_FIGURES, type DashboardFigures, type TenantFigures } from '../../../common/live.ts';

/** A tenant state or patch split into what the header shows and the counters (null: it carries none, as from a protocol-5 server). */
export function splitTenant<T extends Partial<TenantFigures & DashboardFigures>>(set: T): { tenant: Omit<T, keyof DashboardFigures>; figures: Partial<DashboardFigures> | null } {
  const tenant: Record<string, unknown> = { ...set };
  const figures: Record<string, unknown> = {};
  for (const key of DASHBOARD_FIGURES) {
    if (!(key in tenant)) continue;
    figures[key] = tenant[key];
    delete tenant[key];
  }
  return { tenant: tenant as Omit<T, keyof DashboardFigures>, figures: Object.keys(figures).length ? (figures as Partial<DashboardFigures>) : null };
}
