// My DIDs: the public numbers assigned to the user, where each routes, and
// whether it is active. Read-only.
import { createResource, For, Show, type JSX } from 'solid-js';
import type { MyDid } from '../../../common/account.ts';
import { getJson } from '../api.ts';
import { Loaded } from '../shell/Loaded.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';

export default function Dids(): JSX.Element {
  const [dids] = createResource(() => getJson<{ dids: MyDid[] }>('/api/dids').then((r) => r.dids));
  return (
    <div class="page">
      <PageHeading title="My DIDs">
        <p class="page-lede">The phone numbers assigned to you and where calls to them go.</p>
      </PageHeading>
      <Loaded resource={dids}>
        {(list) => (
          <Show when={list().length > 0} fallback={<div class="card empty-state"><p>No phone number is assigned to you.</p></div>}>
            <TableCard
              testId="dids"
              caption="Phone numbers assigned to you"
              head={
                <>
                  <th scope="col">Number</th>
                  <th scope="col">Routes to</th>
                  <th scope="col">Status</th>
                </>
              }
            >
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
            </TableCard>
          </Show>
        )}
      </Loaded>
    </div>
  );
}
