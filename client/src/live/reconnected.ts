// A list loaded over REST misses whatever changed while the socket was down
// (a call that ended, a fax that was sent): it reloads when the connection
// comes back, and the socket's own changes keep it current in between.
import { createEffect, untrack } from 'solid-js';
import { connectionStatus } from './store.ts';

/**
 * Calls `reload` each time the live connection becomes live again. A page
 * that opens on a live connection does its own first load, so that is not counted.
 */
export function onLiveAgain(reload: () => void): void {
  let wasLive = untrack(connectionStatus) === 'live';
  createEffect(() => {
    const live = connectionStatus() === 'live';
    if (live && !wasLive) reload();
    wasLive = live;
  });
}
