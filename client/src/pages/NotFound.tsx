import { A, useLocation } from '@solidjs/router';
import type { JSX } from 'solid-js';
import { PageHeading } from '../shell/PageHeading.tsx';

export default function NotFound(): JSX.Element {
  const location = useLocation();
  return (
    <div class="page" data-testid="not-found">
      <PageHeading title="Page not found" />
      <div class="card empty-state">
        <p>
          There is no page at <code>{location.pathname}</code>.
        </p>
        <A href="/" class="button button-secondary">
          Back to the dashboard
        </A>
      </div>
    </div>
  );
}
