// The card a page's data table sits in: it scrolls sideways on a narrow
// screen, and the caption names the table for screen readers only.
import type { JSX } from 'solid-js';

export function TableCard(props: {
  /** Classes besides "table" (e.g. the page's column widths). */
  class?: string;
  testId: string;
  caption: JSX.Element;
  /** The header row's cells. */
  head: JSX.Element;
  /** The body's rows. */
  children: JSX.Element;
}): JSX.Element {
  return (
    <div class="card table-card">
      <div class="table-wrap">
        <table class={props.class ? `table ${props.class}` : 'table'} data-testid={props.testId}>
          <caption class="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>{props.head}</tr>
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      </div>
    </div>
  );
}
