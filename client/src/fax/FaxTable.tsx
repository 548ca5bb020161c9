// Both fax pages' list: the states of a live fax list (see ListStates), then
// one table row per fax, found by tests as fax-row-<id>.
import { For, type Accessor, type JSX } from 'solid-js';
import { ListStates } from '../shell/ListStates.tsx';
import { TableCard } from '../shell/TableCard.tsx';

export function FaxTable<T extends { id: string }>(props: {
  list: { rows: Accessor<T[] | undefined>; error: Accessor<string | undefined> };
  empty: JSX.Element;
  testId: string;
  caption: string;
  head: JSX.Element;
  /** The row's cells. */
  children: (fax: T) => JSX.Element;
}): JSX.Element {
  return (
    <ListStates error={props.list.error()} rows={props.list.rows()} empty={props.empty}>
      {(rows) => (
        <TableCard class="fax-table" testId={props.testId} caption={props.caption} head={props.head}>
          <For each={rows()}>{(fax) => <tr data-testid={`fax-row-${fax.id}`}>{props.children(fax)}</tr>}</For>
        </TableCard>
      )}
    </ListStates>
  );
}
