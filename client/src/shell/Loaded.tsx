// A page's data from createResource: the reason if it could not be loaded,
// "Loading…" until it arrives, then the page's content.
import { Show, type Accessor, type JSX, type Resource } from 'solid-js';
import { failureMessage } from '../api.ts';

export function Loaded<T>(props: { resource: Resource<T>; children: (value: Accessor<NonNullable<T>>) => JSX.Element }): JSX.Element {
  // Checked first: reading a resource that failed throws its error.
  return (
    <Show when={!props.resource.error} fallback={<p class="callout callout-error" role="alert">{failureMessage(props.resource.error)}</p>}>
      <Show when={props.resource()} fallback={<p class="page-loading" role="status">Loading…</p>}>
        {(value) => props.children(value)}
      </Show>
    </Show>
  );
}
