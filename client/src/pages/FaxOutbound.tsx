// Outbound Fax: what the user sent and where each fax stands, live.
import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import type { OutboundFaxRow } from '../../../common/fax.ts';
import { createFaxList, formatDateTime } from '../fax/list.ts';
import { PageHeading } from '../shell/PageHeading.tsx';

const STATUS = { queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Failed' } as const;
const STATE = { queued: 'off', sending: 'warn', sent: 'ok', failed: 'error' } as const;

export default function FaxOutbound(): JSX.Element {
  const list = createFaxList<OutboundFaxRow>('outbound', '/api/fax/outbound');
  return (
    <div class="page">
      <PageHeading title="Outbound Fax">
        <A href="/fax/send" class="button button-primary">Send a fax</A>
      </PageHeading>
      <Show when={list.error()}>
        <p class="callout callout-error" role="alert">{list.error()}</p>
      </Show>
      <Show when={list.rows()} fallback={<p class="muted">Loading…</p>}>
        {(rows) => (
          <Show when={rows().length > 0} fallback={<div class="card empty-state"><p>You have not sent any faxes yet.</p></div>}>
            <div class="card table-card"><div class="table-wrap">
              <table class="table" data-testid="fax-outbound">
                <thead><tr><th scope="col">To</th><th scope="col">Date</th><th scope="col">Pages</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Download</span></th></tr></thead>
                <tbody>
                  <For each={rows()}>
                    {(f) => (
                      <tr data-testid={`fax-row-${f.id}`}>
                        <td class="mono">{f.to}</td>
                        <td>{formatDateTime(f.createdAt)}</td>
                        <td>{f.status === 'sent' && f.sentPages !== null ? f.sentPages : f.pages}</td>
                        <td>
                          <span class="badge" data-state={STATE[f.status]} data-testid="fax-status">{STATUS[f.status]}</span>
                          <Show when={f.reason}><p class="muted fax-reason">{f.reason}</p></Show>
                        </td>
                        <td><a href={`/api/fax/outbound/${f.id}/pdf`} download="">PDF</a></td>
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
