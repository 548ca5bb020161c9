// The card a page's data table sits in: it scrolls sideways on a narrow
// screen, and the caption names the table for screen readers only. While it
// scrolls, the scrolling box takes the keyboard focus (a named region), so
// the part out of view can be reached with the arrow keys.
import { createSignal, createUniqueId, onCleanup, onMount, type JSX } from 'solid-js';

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
  const captionId = createUniqueId();
  const [scrolls, setScrolls] = createSignal(false);
  let wrap!: HTMLDivElement;
  let table!: HTMLTableElement;
  onMount(() => {
    const observer = new ResizeObserver(() => setScrolls(wrap.scrollWidth > wrap.clientWidth + 1));
    observer.observe(wrap);
    observer.observe(table);
    onCleanup(() => observer.disconnect());
  });
  return (
    <div class="card table-card">
      <div
        ref={wrap}
        class="table-wrap"
        tabindex={scrolls() ? 0 : undefined}
        role={scrolls() ? 'region' : undefined}
        aria-labelledby={scrolls() ? captionId : undefined}
      >
        <table ref={table} class={props.class ? `table ${props.class}` : 'table'} data-testid={props.testId}>
          <caption id={captionId} class="visually-hidden">
            {props.caption}
          </caption>
          <thead>
            <tr>{props.head}</tr>
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      </div>
    </div>
  );
}
