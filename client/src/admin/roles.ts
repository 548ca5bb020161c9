// A tenant role in words.
import type { TenantRole } from '../../../common/api.ts';

export const ROLE_LABELS: Record<TenantRole, string> = {
  agent: 'Agent',
  supervisor: 'Supervisor',
  admin: 'Administrator',
};
