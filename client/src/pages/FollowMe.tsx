// Follow Me (PBX → Follow Me): the list of the user's follow-mes, one per
// extension, each with its cascade of destinations.
import { A } from '@solidjs/router';
import { createResource, For, Show, type JSX } from 'solid-js';
import type { FollowMe as FollowMeData } from '../../../common/follow-me.ts';
import { getJson } from '../api.ts';
import { Loaded } from '../shell/Loaded.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';

export interface FollowMeList {
  followMes: FollowMeData[];
  /** The user's extensions, with or without a follow-me. */
  extensions: string[];
}

export default function FollowMe(): JSX.Element {
  const [data] = createResource(() => getJson<FollowMeList>('/api/follow-me'));
  const canAdd = () => {
    const d = data();
    return !!d && d.extensions.some((n) => !d.followMes.some((f) => f.extension === n));
  };
  return (
    <div class="page">
      <PageHeading title="Follow Me">
        <p class="page-lede">Ring other extensions or numbers in a cascade before an unanswered call goes to voicemail.</p>
      </PageHeading>
      <Loaded resource={data}>
        {(d) => (
          <>
            <div class="toolbar">
              <Show when={canAdd()}>
                <A href="/pbx/follow-me/new" class="button button-primary">
                  New Follow Me
                </A>
              </Show>
            </div>
            <Show
              when={d().followMes.length > 0}
              fallback={
                <div class="card empty-state">
                  <p>{d().extensions.length ? 'You have no Follow Me yet.' : 'No extension is assigned to you yet.'}</p>
                </div>
              }
            >
              <TableCard
                testId="follow-me-list"
                caption="Your Follow Me settings"
                head={
                  <>
                    <th scope="col">Extension</th>
                    <th scope="col">Status</th>
                    <th scope="col">Destinations</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </>
                }
              >
                <For each={d().followMes}>
                  {(f) => (
                    <tr data-testid={`follow-me-${f.extension}`}>
                      <td class="mono">{f.extension}</td>
                      <td>
                        <span class="badge" data-state={f.enabled ? 'ok' : 'off'}>
                          {f.enabled ? 'Enabled' : 'Disabled'}
                        </span>
                      </td>
                      <td>
                        <ol class="cascade">
                          <For each={f.destinations}>
                            {(dest) => (
                              <li>
                                <span class="mono">{dest.destination}</span>{' '}
                                <span class="muted">
                                  after {dest.delay} s, rings {dest.timeout} s
                                </span>
                              </li>
                            )}
                          </For>
                        </ol>
                      </td>
                      <td>
                        <A href={`/pbx/follow-me/${f.extension}`} class="button button-secondary" aria-label={`Edit Follow Me of ${f.extension}`}>
                          Edit
                        </A>
                      </td>
                    </tr>
                  )}
                </For>
              </TableCard>
            </Show>
          </>
        )}
      </Loaded>
    </div>
  );
}
