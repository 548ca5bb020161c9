// Runs one component test file (tests/components/*.test.tsx) in this
// process; tests/run.ts spawns it for each file of the "components" group:
//
//   node tests/helpers/component-runner.mjs tests/components/sign-in.test.tsx
//
// (or `npx tsx tests/run.ts components/sign-in` for one file).
//  1. A happy-dom window supplies the DOM globals, at http://localhost/ so
//     the client's same-origin URLs ("/api/me") resolve. It and the other
//     big test libraries are loaded before any module hook is registered:
//     through the hooks, happy-dom's 600 modules alone cost a second more.
//     (That is why this file is plain JavaScript, started without tsx.)
//  2. tsx, then solid-jsx-hooks.ts: the client's modules load as in the
//     browser build (Solid's JSX compiler, solid-js's browser build).
//  3. uvu is told to wait (as its own CLI does): the file is imported, its
//     suites run and print uvu's summary, then the process ends, whatever
//     the page left running (a reconnect timer, say).
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GlobalRegistrator } from '@happy-dom/global-registrator';
import { register as registerTsx } from 'tsx/esm/api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/helpers/component-runner.mjs <test file>');
  process.exit(2);
}

// happy-dom's window timers return numbers (a browser's do), and Node code
// the tests run calls .unref() on what setTimeout returns: keep Node's.
const nodeTimers = { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, queueMicrotask };
GlobalRegistrator.register({ url: 'http://localhost/', width: 1280, height: 800 });
Object.assign(globalThis, nodeTimers);

// Loaded now, outside the hooks; none of them imports solid-js.
globalThis.UVU_DEFER = 1;
const [{ exec }] = await Promise.all([
  import('uvu'),
  import('@testing-library/dom'),
  import('@testing-library/user-event'),
  import('msw'),
  import('msw/node'),
]);
globalThis.UVU_QUEUE.push([null]);

registerTsx();
register('./solid-jsx-hooks.ts', import.meta.url);

try {
  await import(pathToFileURL(resolve(file)).href);
  await exec();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
}
// Not GlobalRegistrator.unregister(): a timer the page left (the router's
// scroll after a navigation) would then fire on a missing window.
process.exit();
