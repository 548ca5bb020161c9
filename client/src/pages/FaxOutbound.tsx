// Outbound Fax: what the user sent and where each fax stands, live.
import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import type { OutboundFaxRow } from '../../../common/fax.ts';
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
      <Show when={list.error()}>
        <p class="callout callout-error" role="alert">{list.error()}</p>
      </Show>
      <Show when={list.rows()} fallback={<p class="page-loading" role="status">Loading…</p>}>
        {(rows) => (
          <Show when={rows().length > 0} fallback={<div class="card empty-state"><p>You have not sent any faxes yet.</p><A href="/fax/send" class="button button-secondary">Send your first fax</A></div>}>
            <div class="card table-card"><div class="table-wrap">
              <table class="table fax-table" data-testid="fax-outbound">
                <caption class="visually-hidden">Faxes you have sent</caption>
                <thead><tr><th scope="col">To</th><th scope="col">Date</th><th scope="col">Pages</th><th scope="col">Status</th><th scope="col" class="actions"><span class="visually-hidden">Download</span></th></tr></thead>
                <tbody>
                  <For each={rows()}>
                    {(f) => (
                      <tr data-testid={`fax-row-${f.id}`}>
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
