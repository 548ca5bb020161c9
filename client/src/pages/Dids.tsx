// My DIDs: the public numbers assigned to the user, where each routes, and
// whether it is active. Read-only.
import { createResource, For, Show, type JSX } from 'solid-js';
import type { MyDid } from '../../../common/account.ts';
import { ApiFailure, getJson, UNREACHABLE } from '../api.ts';
import { PageHeading } from '../shell/PageHeading.tsx';

export default function Dids(): JSX.Element {
  const [dids] = createResource(() => getJson<{ dids: MyDid[] }>('/api/dids').then((r) => r.dids));
  return (
    <div class="page">
      <PageHeading title="My DIDs">
        <p class="page-lede">The phone numbers assigned to you and where calls to them go.</p>
      </PageHeading>
      <Show when={!dids.error} fallback={<p class="callout callout-error" role="alert">{dids.error instanceof ApiFailure ? dids.error.message : UNREACHABLE}</p>}>
        <Show when={dids()} fallback={<p class="page-loading" role="status">Loading…</p>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<div class="card empty-state"><p>No phone number is assigned to you.</p></div>}>
              <div class="card table-card">
                <div class="table-wrap">
                  <table class="table" data-testid="dids">
                    <caption class="visually-hidden">Phone numbers assigned to you</caption>
                    <thead>
                      <tr>
                        <th scope="col">Number</th>
                        <th scope="col">Routes to</th>
                        <th scope="col">Status</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={list()}>
                        {(d) => (
                          <tr>
                            <td class="mono">{d.number}</td>
                            <td>{d.destination}</td>
                            <td>
                              <span class="badge" data-state={d.active ? 'ok' : 'off'}>
                                {d.active ? 'Active' : 'Inactive'}
                              </span>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </div>
            </Show>
          )}
        </Show>
      </Show>
    </div>
  );
}
