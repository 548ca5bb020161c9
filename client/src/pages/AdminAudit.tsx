// Administration → Audit log: who changed what in the organisation, from
// where and when, newest first. New entries appear on top as they are made.
import type { JSX } from 'solid-js';
import { AuditTable, createAuditLog } from '../admin/AuditLog.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import '../admin/admin.css';

export default function AdminAudit(): JSX.Element {
  const log = createAuditLog((before) => `/api/admin/audit${before ? `?before=${encodeURIComponent(before)}` : ''}`);
  return (
    <div class="page admin-page admin-page-wide">
      <PageHeading title="Audit log">
        <p class="page-lede">Every change to your organisation's users, extensions, queues, numbers, rates and settings, and every sign-in.</p>
      </PageHeading>
      <AuditTable log={log} />
    </div>
  );
}
