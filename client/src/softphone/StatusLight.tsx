// The softphone's own registration light (grey, amber, green, red with the
// reason), beside what the PBX reports for the same extension. Not a live
// region: the shell's announcer says registration lost and back, once.
import { Show, type JSX } from 'solid-js';
import { live, liveReady } from '../live/store.ts';
import { activeSettings, phone } from './phone.ts';

const TEXT = {
  unregistered: 'Not registered',
  connecting: 'Connecting…',
  registered: 'Registered',
  failed: 'Registration failed',
} as const;

export function StatusLight(): JSX.Element {
  const extension = () => activeSettings()?.extension ?? null;
  const pbxDevices = () => {
    const number = extension();
    return number && liveReady() ? live.extensions[number]?.devices.length : undefined;
  };
  return (
    <div class="sp-status" data-testid="softphone-status" data-state={phone.registration.status}>
      <span class="sp-light" aria-hidden="true" />
      <div class="sp-status-text">
        <strong>
          {TEXT[phone.registration.status]}
          <Show when={phone.registration.status === 'registered' && extension()}> as {extension()}</Show>
        </strong>
        <Show when={phone.registration.reason}>
          {(reason) => <span class="sp-reason" data-testid="softphone-reason">{reason()}</span>}
        </Show>
        <Show when={pbxDevices() !== undefined}>
          <span class="muted sp-pbx" data-testid="softphone-pbx">
            PBX: {pbxDevices() ? `${pbxDevices()} device${pbxDevices() === 1 ? '' : 's'} registered on ${extension()}` : `nothing registered on ${extension()}`}
          </span>
        </Show>
      </div>
    </div>
  );
}
