// Placeholder for a menu entry whose page comes later: what it will do.
import { A } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { allowed, type NavEntry } from '../nav.ts';
import { me } from '../session.ts';
import { PageHeading } from '../shell/PageHeading.tsx';

const ROLE_PLURAL = { agent: 'agents', supervisor: 'supervisors', admin: 'administrators', operator: 'operators' } as const;

export default function ComingSoon(props: { entry: NavEntry }): JSX.Element {
  const permitted = () => {
    const user = me();
    return !!user && allowed(props.entry, user.role);
  };
  return (
    <div class="page" data-testid="coming-soon">
      <PageHeading title={props.entry.label} />
      <Show
        when={permitted()}
        fallback={
          <div class="card empty-state" data-testid="not-permitted">
            <p>This page is for {(props.entry.roles ?? []).map((r) => ROLE_PLURAL[r]).join(' and ')} only.</p>
            <A href="/" class="button button-secondary">
              Back to the dashboard
            </A>
          </div>
        }
      >
        <div class="card empty-state">
          <p class="pill">Coming soon</p>
          <p class="empty-summary">{props.entry.summary}</p>
          <A href="/" class="button button-secondary">
            Back to the dashboard
          </A>
        </div>
      </Show>
    </div>
  );
}
