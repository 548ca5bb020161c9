// One ticking "now" (Unix seconds) for the queue pages: waits count up in
// the browser; the server sends each caller's joined time once.
import { createSignal, onCleanup, type Accessor } from 'solid-js';

export function createNow(): Accessor<number> {
  const [now, setNow] = createSignal(Date.now() / 1000);
  const timer = setInterval(() => setNow(Date.now() / 1000), 1000);
  onCleanup(() => clearInterval(timer));
  return now;
}
