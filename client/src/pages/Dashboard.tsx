// The dashboard: the tenant's live figures and the user's own extension(s),
// all from the live store (pushed by the server; nothing here polls). The
// counters are sent only while a page watches them: this one does while open.
import { For, onCleanup, Show, type JSX } from 'solid-js';
import type { DashboardFigures, Device, TenantFigures } from '../../../common/live.ts';
import { formatClock, formatCount, formatMoney, isNegativeAmount } from '../format.ts';
import { live, watchFigures } from '../live/store.ts';
import { me } from '../session.ts';
import { Icon, type IconName } from '../shell/Icon.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';

export default function Dashboard(): JSX.Element {
  onCleanup(watchFigures());
  return (
    <div class="page">
      <PageHeading title="Dashboard">
        <p class="page-lede">Live figures for {live.tenant?.tenantName ?? me()?.tenant?.name}.</p>
      </PageHeading>
      <Show when={live.tenant} fallback={<DashboardSkeleton />}>
        {(tenant) => (
          <>
            <section class="figures" aria-labelledby="figures-title" aria-busy={live.figures ? undefined : 'true'}>
              <h2 id="figures-title" class="visually-hidden">
                Tenant figures
              </h2>
              <div class="figure-grid">
                <Show when={live.figures} fallback={<CountersLoading />}>
                  {(figures) => <Counters figures={figures()} />}
                </Show>
                <Credit tenant={tenant()} />
              </div>
            </section>
            <MyExtensions />
          </>
        )}
      </Show>
    </div>
  );
}

function Counters(props: { figures: DashboardFigures }): JSX.Element {
  const t = () => props.figures;
  const activeShare = () => (t().extensions > 0 ? Math.min(100, Math.round((t().activeExtensions / t().extensions) * 100)) : 0);
  return (
    <>
      <Figure testid="figure-active-extensions" icon="account" label="Active extensions" caption="with a registered device">
        <span class="figure-number">{formatCount(t().activeExtensions)}</span>
        <span class="figure-of"> of {formatCount(t().extensions)}</span>
        <span class="meter" aria-hidden="true">
          <span class="meter-fill" style={{ width: `${activeShare()}%` }} />
        </span>
      </Figure>
      <Figure testid="figure-devices" icon="devices" label="Devices" caption="registered SIP endpoints">
        <span class="figure-number">{formatCount(t().devices)}</span>
      </Figure>
      <Figure testid="figure-queues" icon="queues" label="Queues" caption="call-center queues">
        <span class="figure-number">{formatCount(t().queues)}</span>
      </Figure>
      <Figure testid="figure-active-calls" icon="calls" label="Active calls" caption="in progress right now">
        <span class="figure-number">{formatCount(t().activeCalls)}</span>
      </Figure>
      <Figure testid="figure-fax" icon="fax" label="Fax" caption="inbound / outbound">
        <span class="figure-number" title="Inbound">
          {formatCount(t().faxInbound)}
        </span>
        <span class="figure-of"> in </span>
        <span class="figure-sep" aria-hidden="true">
          /
        </span>{' '}
        <span class="figure-number" title="Outbound">
          {formatCount(t().faxOutbound)}
        </span>
        <span class="figure-of"> out</span>
      </Figure>
    </>
  );
}

function Credit(props: { tenant: TenantFigures }): JSX.Element {
  const t = () => props.tenant;
  return (
    <Figure testid="figure-credit" icon="billing" label="Credit" caption={`remaining balance, ${t().currency}`}>
      <span class="figure-number" classList={{ negative: isNegativeAmount(t().credit) }}>
        {formatMoney(t().credit, t().currency)}
      </span>
    </Figure>
  );
}

/** The counters' cards until the snapshot holding them arrives: a number from before would not be live. */
function CountersLoading(): JSX.Element {
  return (
    <>
      <p class="visually-hidden" role="status" data-testid="figures-loading">
        Loading live figures…
      </p>
      <For each={[1, 2, 3, 4, 5]}>{() => <SkeletonFigure />}</For>
    </>
  );
}

function SkeletonFigure(): JSX.Element {
  return (
    <div class="card figure" aria-hidden="true">
      <span class="skeleton skeleton-label" />
      <span class="skeleton skeleton-value" />
      <span class="skeleton skeleton-caption" />
    </div>
  );
}

function Figure(props: { testid: string; icon: IconName; label: string; caption: string; children: JSX.Element }): JSX.Element {
  return (
    <article class="card figure" data-testid={props.testid}>
      <h3 class="figure-label">
        <span class="figure-icon" aria-hidden="true">
          <Icon name={props.icon} size={16} />
        </span>
        {props.label}
      </h3>{' '}
      {/* Spaces between the parts keep textContent readable ("Devices 4 registered …"). */}
      <p class="figure-value">{props.children}</p>{' '}
      <p class="figure-caption">{props.caption}</p>
    </article>
  );
}

function MyExtensions(): JSX.Element {
  const numbers = () => me()?.extensions ?? [];
  return (
    <section class="card my-extensions" aria-labelledby="my-ext-title" data-testid="my-extensions">
      <div class="card-head">
        <h2 id="my-ext-title" class="card-title">
          {numbers().length > 1 ? 'My extensions' : 'My extension'}
        </h2>
      </div>
      <Show when={numbers().length > 0} fallback={<p class="muted">No extension is assigned to you yet. Ask your administrator.</p>}>
        <ul class="ext-list">
          <For each={numbers()}>{(number) => <ExtensionItem number={number} />}</For>
        </ul>
      </Show>
    </section>
  );
}

const address = (d: Device) => (d.networkIp.includes(':') ? `[${d.networkIp}]:${d.networkPort}` : `${d.networkIp}:${d.networkPort}`);

function ExtensionItem(props: { number: string }): JSX.Element {
  const ext = () => live.extensions[props.number];
  const devices = () => ext()?.devices ?? [];
  const registered = () => devices().length > 0;
  return (
    <li class="ext" data-testid={`my-extension-${props.number}`}>
      <div class="ext-head">
        <span class="ext-number">
          <span class="visually-hidden">Extension </span>
          {props.number}
        </span>
        <Show when={ext()} fallback={<span class="badge">No live state</span>}>
          <span class="badge" data-state={registered() ? 'ok' : 'off'} data-testid={`registration-${props.number}`}>
            <span class="badge-dot" aria-hidden="true" />
            {registered() ? 'Registered' : 'Not registered'}
          </span>
          <span class="badge" data-state={ext()!.dnd ? 'warn' : 'off'} data-testid={`dnd-${props.number}`}>
            {ext()!.dnd ? 'Do not disturb: on' : 'Do not disturb: off'}
          </span>
        </Show>
      </div>
      <Show when={ext()}>
        <Show
          when={registered()}
          fallback={
            <p class="muted ext-empty">
              No device is registered. Sign in to the softphone or any SIP client with this extension's credentials.
            </p>
          }
        >
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">Devices registered on extension {props.number}</caption>
              <thead>
                <tr>
                  <th scope="col">User agent</th>
                  <th scope="col">Address</th>
                  <th scope="col">Registered until</th>
                </tr>
              </thead>
              <tbody>
                <For each={devices()}>
                  {(device) => (
                    <tr data-testid="device">
                      <td>{device.userAgent || 'Unknown SIP client'}</td>
                      <td class="mono">{address(device)}</td>
                      <td>{formatClock(device.expiresAt)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
    </li>
  );
}

function DashboardSkeleton(): JSX.Element {
  return (
    <div class="skeleton-page" aria-busy="true">
      <p class="visually-hidden" role="status">
        Loading live figures…
      </p>
      <div class="figure-grid" aria-hidden="true">
        <For each={[1, 2, 3, 4, 5, 6]}>{() => <SkeletonFigure />}</For>
      </div>
      <div class="card my-extensions" aria-hidden="true">
        <span class="skeleton skeleton-label" />
        <span class="skeleton skeleton-row" />
      </div>
    </div>
  );
}
