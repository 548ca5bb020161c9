import type { JSX } from 'solid-js';

/** Shown while the session is being checked. */
export function Splash(): JSX.Element {
  return (
    <div class="center-page" role="status">
      <span class="spinner" aria-hidden="true" />
      <span class="visually-hidden">Loading Switchboard…</span>
    </div>
  );
}
