// Outbound Fax: what the user sent and where each fax stands, live.
import { A } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import type { OutboundFaxRow } from '../../../common/fax.ts';
import { FaxTable } from '../fax/FaxTable.tsx';
import { createFaxList, formatDateTime } from '../fax/list.ts';
import { PageHeading } from '../shell/PageHeading.tsx';
import '../fax/fax.css';

const STATUS = { queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Failed' } as const;
const STATE = { queued: 'off', sending: 'warn', sent: 'ok', failed: 'error' } as const;

export default function FaxOutbound(): JSX.Element {
  const list = createFaxList<OutboundFaxRow>('outbound', '/api/fax/outbound');
  return (
    <div class="page">
      <PageHeading title="Outbound Fax">
        <p class="page-lede">The faxes you have sent, newest first. Each one's status changes here as it goes.</p>
      </PageHeading>
      <div class="toolbar">
        <A href="/fax/send" class="button button-primary">Send a fax</A>
      </div>
      <FaxTable
        list={list}
        empty={<><p>You have not sent any faxes yet.</p><A href="/fax/send" class="button button-secondary">Send your first fax</A></>}
        testId="fax-outbound"
        caption="Faxes you have sent"
        head={<><th scope="col">To</th><th scope="col">Date</th><th scope="col">Pages</th><th scope="col">Status</th><th scope="col" class="actions"><span class="visually-hidden">Download</span></th></>}
      >
        {(f) => (
          <>
            <td>
              <span class="mono">{f.to}</span>
              <Show when={f.subject}><p class="fax-subject">{f.subject}</p></Show>
            </td>
            <td>{formatDateTime(f.createdAt)}</td>
            <td>{f.status === 'sent' && f.sentPages !== null ? f.sentPages : f.pages}</td>
            <td>
              <span class="badge" data-state={STATE[f.status]} data-testid="fax-status">{STATUS[f.status]}</span>
              <Show when={f.reason}><p class="muted fax-reason">{f.reason}</p></Show>
            </td>
            <td class="actions">
              <a href={`/api/fax/outbound/${f.id}/pdf`} download="" class="button button-secondary" aria-label={`Download the fax to ${f.to} as PDF`}>PDF</a>
            </td>
          </>
        )}
      </FaxTable>
    </div>
  );
}
