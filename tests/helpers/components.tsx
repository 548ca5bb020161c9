// What the component tests (tests/components) share: msw answering the
// client's REST calls, a page rendered inside a router at a path, and a
// user who types and clicks (user-event). Run by component-runner.mjs, which
// has set up Solid's browser build and the DOM at http://localhost/.
import { createMemoryHistory, MemoryRouter } from '@solidjs/router';
import { cleanup, render } from '@solidjs/testing-library';
import { userEvent } from '@testing-library/user-event';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import type { Component, JSX } from 'solid-js';
import { suite, type Callback, type Test } from 'uvu';

export interface ApiCall {
  method: string;
  /** "/api/cdr" */
  path: string;
  query: URLSearchParams;
}

export interface Api {
  /** Every request the page made, in order (cleared after each test). */
  calls: ApiCall[];
  /** Answers for this test only, in front of the file's own (msw's server.use). */
  use(...handlers: RequestHandler[]): void;
}

/**
 * The tests of one component file, with msw answering the page's REST calls
 * from `handlers` (paths like "/api/me" resolve against http://localhost/).
 * After each test the page is unmounted and the answers `api.use()` added
 * for it are dropped. A request no handler answers gets a network error
 * (nothing leaves this process) and fails the test that made it.
 */
export function componentTests(...handlers: RequestHandler[]): { test: Test; api: Api } {
  const unanswered: string[] = [];
  const server = setupServer(
    ...handlers,
    http.all('*', ({ request }) => {
      unanswered.push(`${request.method} ${request.url}`);
      return HttpResponse.error();
    }),
  );
  const calls: ApiCall[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    calls.push({ method: request.method, path: url.pathname, query: url.searchParams });
  });

  const tests = suite();
  tests.before(() => server.listen({ onUnhandledRequest: 'error' }));
  // Never throws: uvu runs this hook after a failed test too, and an error
  // here would swallow that test's report and the rest of the file.
  tests.after.each(() => {
    cleanup();
    server.resetHandlers();
    calls.length = 0;
    unanswered.length = 0;
  });
  tests.after(() => server.close());

  const test = Object.assign(
    (name: string, body: Callback) =>
      tests(name, async (context) => {
        await body(context);
        if (unanswered.length) throw new Error(`no msw handler answered: ${unanswered.join(', ')}`);
      }),
    tests,
  ) as Test;
  return { test, api: { calls, use: (...more) => server.use(...more) } };
}

/**
 * Renders the <Route>s that `routes` returns in a router whose location
 * starts at `path`. `location()` is where the page has navigated since.
 */
export function renderAt(path: string, routes: () => JSX.Element) {
  const history = createMemoryHistory();
  history.set({ value: path, scroll: false, replace: true });
  const result = render(() => <MemoryRouter history={history}>{routes()}</MemoryRouter>);
  return { ...result, location: () => history.get() };
}

/** A page that only says where the router went: for the routes a form navigates to. */
export const stub =
  (text: string): Component =>
  () => <h1>{text}</h1>;

/** A user typing and clicking as in a browser (focus, key and input events), with no timer between keystrokes. */
export const user = () => userEvent.setup({ delay: null });

/** What an input, select or textarea holds. */
export const valueOf = (element: HTMLElement) => (element as HTMLInputElement).value;

/**
 * Chooses `files` in a file input as the browser's file picker does: the
 * input's FileList is replaced (through DataTransfer, the way a page may set
 * it too), then input and change fire. (user-event's upload() overrides the
 * `files` property, which happy-dom's FormData does not read.)
 */
export function pickFiles(input: HTMLElement, ...files: File[]): void {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  (input as HTMLInputElement).files = transfer.files;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** A promise with its resolve, for an answer a test holds back until it has looked at the page. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
