// A tenant's DIDs and where they route: /api/admin/dids (admin-kit.ts tenantListRoutes).
import { createDid, listDids, removeDid, updateDid } from '../admin/dids.ts';
import { tenantListRoutes } from './admin-kit.ts';
import type { HttpDeps } from './deps.ts';

export const adminDidRoutes = (deps: HttpDeps) => tenantListRoutes(deps, 'dids', { list: listDids, create: createDid, update: updateDid, remove: removeDid });
