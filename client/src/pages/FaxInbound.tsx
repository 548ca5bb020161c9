// Inbound Fax: faxes received on the user's extensions, live, each as a PDF.
import { Show, type JSX } from 'solid-js';
import type { InboundFaxRow } from '../../../common/fax.ts';
import { FaxTable } from '../fax/FaxTable.tsx';
import { createFaxList, formatDateTime } from '../fax/list.ts';
import { PageHeading } from '../shell/PageHeading.tsx';
import '../fax/fax.css';

const EMAIL = { none: '', pending: 'E-mail waiting', sent: 'E-mailed', failed: 'E-mail failed' } as const;

export default function FaxInbound(): JSX.Element {
  const list = createFaxList<InboundFaxRow>('inbound', '/api/fax/inbound');
  return (
    <div class="page">
      <PageHeading title="Inbound Fax">
        <p class="page-lede">Faxes received on your extensions, newest first. New ones appear here as they arrive.</p>
      </PageHeading>
      <FaxTable
        list={list}
        empty={<p>No fax has arrived on your extensions yet.</p>}
        testId="fax-inbound"
        caption="Faxes you have received"
        head={<><th scope="col">From</th><th scope="col">Received</th><th scope="col">Extension</th><th scope="col">Pages</th><th scope="col">Status</th><th scope="col" class="actions"><span class="visually-hidden">Download</span></th></>}
      >
        {(f) => (
          <>
            <td class="mono">{f.from || 'Unknown'}</td>
            <td>{formatDateTime(f.receivedAt)}</td>
            <td>{f.extension}</td>
            <td>{f.pages}</td>
            <td>
              <span class="badge" data-state={f.status === 'received' ? 'ok' : 'error'}>{f.status === 'received' ? 'Received' : 'Failed'}</span>
              <Show when={f.reason}><p class="muted fax-reason">{f.reason}</p></Show>
              <Show when={EMAIL[f.emailStatus]}>
                <p class="muted fax-reason" title={f.emailError ?? undefined}>{EMAIL[f.emailStatus]}{f.emailTo ? ` to ${f.emailTo}` : ''}{f.emailError && f.emailStatus !== 'sent' ? `: ${f.emailError}` : ''}</p>
              </Show>
            </td>
            <td class="actions">
              <Show when={f.hasPdf}>
                <a href={`/api/fax/inbound/${f.id}/pdf`} download="" class="button button-secondary" aria-label={`Download the fax from ${f.from || 'an unknown sender'} as PDF`}>PDF</a>
              </Show>
            </td>
          </>
        )}
      </FaxTable>
    </div>
  );
}
