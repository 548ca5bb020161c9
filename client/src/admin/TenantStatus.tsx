// A tenant's service, as a badge.
import type { JSX } from 'solid-js';

export function TenantStatus(props: { suspended: boolean }): JSX.Element {
  return (
    <span class="badge" data-state={props.suspended ? 'error' : 'ok'} data-testid="tenant-status">
      {props.suspended ? 'Suspended' : 'In service'}
    </span>
  );
}
