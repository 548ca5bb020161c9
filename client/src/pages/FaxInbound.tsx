// Inbound Fax: faxes received on the user's extensions, live, each as a PDF.
import { For, Show, type JSX } from 'solid-js';
import type { InboundFaxRow } from '../../../common/fax.ts';
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
      <Show when={list.error()}>
        <p class="callout callout-error" role="alert">{list.error()}</p>
      </Show>
      <Show when={list.rows()} fallback={<p class="page-loading" role="status">Loading…</p>}>
        {(rows) => (
          <Show when={rows().length > 0} fallback={<div class="card empty-state"><p>No fax has arrived on your extensions yet.</p></div>}>
            <div class="card table-card"><div class="table-wrap">
              <table class="table fax-table" data-testid="fax-inbound">
                <caption class="visually-hidden">Faxes you have received</caption>
                <thead><tr><th scope="col">From</th><th scope="col">Received</th><th scope="col">Extension</th><th scope="col">Pages</th><th scope="col">Status</th><th scope="col" class="actions"><span class="visually-hidden">Download</span></th></tr></thead>
                <tbody>
                  <For each={rows()}>
                    {(f) => (
                      <tr data-testid={`fax-row-${f.id}`}>
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
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div></div>
          </Show>
        )}
      </Show>
    </div>
  );
}
