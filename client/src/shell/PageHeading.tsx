// Every page's <h1>. Sets the document title and, after a client-side
// navigation, takes focus so keyboard and screen-reader users start at the
// top of the new page (lazy pages mount late; the request waits for them).
import { createEffect, createSignal, type JSX } from 'solid-js';

const [focusRequest, setFocusRequest] = createSignal(0);
let handled = 0;

/** Called by the shell when the route changes (not on first load). */
export const requestHeadingFocus = () => setFocusRequest((n) => n + 1);

export function PageHeading(props: { title: string; children?: JSX.Element }): JSX.Element {
  let heading!: HTMLHeadingElement;
  createEffect(() => {
    document.title = `${props.title} · Switchboard`;
  });
  createEffect(() => {
    const request = focusRequest();
    if (request > handled) {
      handled = request;
      queueMicrotask(() => heading.isConnected && heading.focus({ preventScroll: false }));
    }
  });
  return (
    <div class="page-heading">
      <h1 ref={heading} tabindex="-1">
        {props.title}
      </h1>
      {props.children}
    </div>
  );
}
