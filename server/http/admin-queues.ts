// A tenant's queues and their tiers: /api/admin/queues (admin-kit.ts tenantListRoutes).
import { createQueue, listQueues, removeQueue, updateQueue } from '../admin/queues.ts';
import { tenantListRoutes } from './admin-kit.ts';
import type { HttpDeps } from './deps.ts';

export const adminQueueRoutes = (deps: HttpDeps) =>
  tenantListRoutes(deps, 'queues', { list: listQueues, create: createQueue, update: updateQueue, remove: removeQueue });
