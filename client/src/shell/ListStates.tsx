// A list the page keeps current (faxes, calls): the last load's error above
// whatever is shown, "Loading…" until the first load, a card that says the
// list is empty, then the rows.
import { Show, type Accessor, type JSX } from 'solid-js';

export function ListStates<T>(props: {
  error: string | undefined;
  rows: T[] | undefined;
  /** The empty card's content. */
  empty: JSX.Element;
  children: (rows: Accessor<T[]>) => JSX.Element;
}): JSX.Element {
  return (
    <>
      <Show when={props.error}>
        <p class="callout callout-error" role="alert">{props.error}</p>
      </Show>
      <Show when={props.rows} fallback={<p class="page-loading" role="status">Loading…</p>}>
        {(rows) => (
          <Show when={rows().length > 0} fallback={<div class="card empty-state">{props.empty}</div>}>
            {props.children(rows)}
          </Show>
        )}
      </Show>
    </>
  );
}
