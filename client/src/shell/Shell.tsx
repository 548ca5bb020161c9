// The workstation frame around every page but sign-in: header, sidebar menu,
// the page outlet, and the softphone panel (outside the outlet, so it keeps
// its state while the user moves between pages). Also the session guard.
// An operator (the service provider's, no tenant) gets the same frame
// without what belongs to a tenant's user: no softphone, registration
// lights or credit.
import { A, Navigate, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { createEffect, createSignal, For, lazy, Match, on, onCleanup, onMount, Show, Suspense, Switch, type JSX } from 'solid-js';
import type { Me } from '../../../common/api.ts';
import { UNREACHABLE } from '../api.ts';
import { clearAnnouncements } from '../access/announce.ts';
import { onCommand } from '../access/commands.ts';
import { agentStatusControl, focusWhenShown } from '../access/focus.ts';
import { LiveRegions } from '../access/LiveRegions.tsx';
import { installShortcuts } from '../access/shortcuts.ts';
import { ShortcutSheet, toggleShortcutSheet } from '../access/ShortcutSheet.tsx';
import { announceDeskChanges } from '../access/watch.ts';
import { live, liveReady } from '../live/store.ts';
import { allowed, NAV } from '../nav.ts';
import { bootstrap, me, session, signOut } from '../session.ts';
import { ConnectionIndicator, CreditBalance, RegistrationLights } from './HeaderStatus.tsx';
import { Icon } from './Icon.tsx';
import { requestHeadingFocus } from './PageHeading.tsx';
import { SoftphonePanel } from './SoftphonePanel.tsx';
import { NavVoicemailBadge, VoicemailIndicator } from '../voicemail/VoicemailBadge.tsx';
import { Splash } from './Splash.tsx';
import { SupervisingBar } from '../supervise/SupervisingBar.tsx';
import { SupervisorNotice } from '../supervise/SupervisorNotice.tsx';

/** Queue alerts, only for those who may see the wallboard: not in the code everyone loads before signing in. */
const QueueAlertWatch = lazy(() => import('../queues/QueueAlerts.tsx').then((m) => ({ default: m.QueueAlertWatch })));

export default function Shell(props: RouteSectionProps): JSX.Element {
  const location = useLocation();
  const signInHref = () => {
    const s = session();
    const here = location.pathname + location.search;
    return s.status === 'signed-out' && s.returnTo && here !== '/' ? `/sign-in?next=${encodeURIComponent(here)}` : '/sign-in';
  };
  return (
    <Switch>
      <Match when={session().status === 'loading'}>
        <Splash />
      </Match>
      <Match when={session().status === 'unreachable'}>
        <Unreachable />
      </Match>
      <Match when={session().status === 'signed-out'}>
        <Navigate href={signInHref()} />
      </Match>
      {/* Keyed by the user's id: an administrator's change to the same user
          (a new extension, role or name) updates the frame in place. */}
      <Match when={me()?.id} keyed>
        <Workstation user={me()!}>{props.children}</Workstation>
      </Match>
    </Switch>
  );
}

function Workstation(props: { user: Me; children?: JSX.Element }): JSX.Element {
  const location = useLocation();
  const navigate = useNavigate();
  const [navOpen, setNavOpen] = createSignal(false);
  const [phoneOpen, setPhoneOpen] = createSignal(false);
  const [signingOut, setSigningOut] = createSignal(false);
  let main!: HTMLElement;
  let menuButton!: HTMLButtonElement;
  let phoneButton!: HTMLButtonElement;

  // A new page: close the mobile menu, start at its top, focus its heading.
  createEffect(
    on(
      () => location.pathname,
      () => {
        setNavOpen(false);
        main.scrollTop = 0;
        window.scrollTo(0, 0);
        requestHeadingFocus();
      },
      { defer: true },
    ),
  );

  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    if (navOpen()) {
      setNavOpen(false);
      menuButton.focus();
    }
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));

  // The desk's keyboard shortcuts (access/shortcuts.ts) and what is said to screen readers.
  onMount(() => onCleanup(installShortcuts(() => props.user.role)));
  announceDeskChanges(() => props.user);
  onCleanup(clearAnnouncements);
  onCleanup(
    onCommand('softphone', () => {
      if (!phoneOpen()) setPhoneOpen(true);
      else {
        setPhoneOpen(false);
        phoneButton.focus();
      }
      return true;
    }),
  );
  onCleanup(
    onCommand('status', () => {
      const number = props.user.extensions[0];
      if (liveReady() && !(number && live.extensions[number]?.agent)) return false;
      if (location.pathname !== '/queues') navigate('/queues');
      focusWhenShown(agentStatusControl);
      return true;
    }),
  );

  const doSignOut = async () => {
    if (signingOut()) return;
    setSigningOut(true);
    await signOut();
  };

  const pbxDown = () => live.tenant !== null && !live.tenant.pbxConnected;
  const operator = () => props.user.role === 'operator';
  /** Who hears of queue alerts on every page: those who may see the wallboard. */
  const watchesQueues = () => props.user.role === 'supervisor' || props.user.role === 'admin';

  return (
    <div class="app" classList={{ 'nav-open': navOpen() }}>
      <LiveRegions />
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="topbar">
        <button
          ref={menuButton}
          type="button"
          class="icon-button menu-button"
          aria-label="Menu"
          aria-expanded={navOpen()}
          aria-controls="sidebar"
          onClick={() => setNavOpen((v) => !v)}
        >
          <Icon name={navOpen() ? 'close' : 'menu'} />
        </button>
        <A href="/" class="brand" end aria-label="Switchboard, dashboard">
          <span class="brand-mark" aria-hidden="true">
            <Icon name="phone" size={14} />
          </span>
          <span class="brand-name">Switchboard</span>
        </A>
        <span class="tenant-name" data-testid="tenant-name" title={operator() ? 'Signed in for the service provider' : 'Tenant'}>
          {operator() ? 'Service provider' : (live.tenant?.tenantName ?? props.user.tenant?.name)}
        </span>
        <ConnectionIndicator />
        <span class="topbar-spacer" />
        <Show when={!operator()}>
          <RegistrationLights extensions={props.user.extensions} />
          <VoicemailIndicator extensions={props.user.extensions} />
          <CreditBalance />
          <button
            ref={phoneButton}
            type="button"
            class="icon-button phone-button"
            classList={{ pressed: phoneOpen() }}
            aria-label="Softphone"
            aria-expanded={phoneOpen()}
            aria-controls="softphone-panel"
            data-testid="softphone-button"
            onClick={() => setPhoneOpen((v) => !v)}
          >
            <Icon name="phone" />
          </button>
        </Show>
        <button
          type="button"
          class="icon-button shortcuts-button"
          aria-label="Keyboard shortcuts"
          aria-haspopup="dialog"
          title="Keyboard shortcuts (?)"
          data-testid="shortcuts-button"
          onClick={() => toggleShortcutSheet()}
        >
          <Icon name="keyboard" />
        </button>
        <div class="user" data-testid="user">
          <span class="user-avatar" aria-hidden="true" title={`${props.user.name} <${props.user.email}>`}>
            {initials(props.user)}
          </span>
          <span class="user-text">
            <span class="user-name">{props.user.name}</span>
            <span class="user-email">{props.user.email}</span>
          </span>
        </div>
        <button
          type="button"
          class="button button-ghost sign-out"
          aria-label="Sign out"
          aria-busy={signingOut()}
          onClick={() => void doSignOut()}
          data-testid="sign-out"
        >
          <Icon name="logout" />
          <span>{signingOut() ? 'Signing out…' : 'Sign out'}</span>
        </button>
      </header>

      <div class="nav-scrim" aria-hidden="true" onClick={() => setNavOpen(false)} />
      <nav id="sidebar" class="sidebar" aria-label="Main menu">
        <For each={NAV}>
          {(group, i) => {
            const entries = () => group.entries.filter((e) => allowed(e, props.user.role));
            const headingId = `nav-group-${i()}`;
            return (
              <Show when={entries().length > 0}>
                <div class="nav-group" classList={{ 'nav-group-titled': !!group.label }}>
                  <Show when={group.label}>
                    <span class="nav-heading" id={headingId}>
                      <Show when={group.icon}>{(icon) => <Icon name={icon()} />}</Show>
                      {group.label}
                    </span>
                  </Show>
                  <ul class="nav-list" aria-labelledby={group.label ? headingId : undefined}>
                    <For each={entries()}>
                      {(entry) => (
                        <li>
                          <A href={entry.path} end={entry.path === '/'} class="nav-link">
                            <Show when={entry.icon}>{(icon) => <Icon name={icon()} />}</Show>
                            <span>{entry.label}</span>
                            <NavVoicemailBadge path={entry.path} extensions={props.user.extensions} />
                          </A>
                        </li>
                      )}
                    </For>
                  </ul>
                </div>
              </Show>
            );
          }}
        </For>
      </nav>

      <main id="main" class="main" ref={main} tabindex="-1">
        <div class="banner-slot" role="status">
          <Show when={pbxDown()}>
            <div class="banner banner-warning" data-testid="pbx-down">
              <Icon name="alert" />
              <span>PBX link down — figures may be stale</span>
            </div>
          </Show>
          <Show when={!operator()}>
            <SupervisorNotice extensions={props.user.extensions} />
          </Show>
        </div>
        <Show when={watchesQueues()}>
          <Suspense>
            <QueueAlertWatch />
          </Suspense>
        </Show>
        <Show when={!operator()}>
          <SupervisingBar />
        </Show>
        <Suspense fallback={<div class="page-loading" role="status">Loading…</div>}>{props.children}</Suspense>
      </main>

      <ShortcutSheet role={props.user.role} />

      <Show when={!operator()}>
        <SoftphonePanel
          open={phoneOpen()}
          onOpen={() => setPhoneOpen(true)}
          onClose={() => {
            setPhoneOpen(false);
            phoneButton.focus();
          }}
        />
      </Show>
    </div>
  );
}

const initials = (user: Me) =>
  (user.name || user.email)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');

/** /api/me could not be answered: say so, and keep trying quietly. */
function Unreachable(): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  let attempt = 0;
  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const retry = async () => {
    clearTimeout(timer);
    setBusy(true);
    await bootstrap({ quiet: true });
    if (disposed) return;
    setBusy(false);
    // Still unreachable (this component is still mounted): try again later.
    timer = setTimeout(() => void retry(), Math.min(30_000, 2_000 * 2 ** attempt++));
  };
  onMount(() => (timer = setTimeout(() => void retry(), 2_000)));
  onCleanup(() => {
    disposed = true;
    clearTimeout(timer);
  });
  const message = () => {
    const s = session();
    return s.status === 'unreachable' ? s.message : '';
  };
  return (
    <main class="center-page">
      <div class="card center-card">
        <h1 class="center-title">{message() === UNREACHABLE ? 'Cannot reach the server' : 'Switchboard is not available'}</h1>
        <p class="muted" role="alert">
          {message() === UNREACHABLE ? 'Check your connection.' : message()} Switchboard keeps trying in the background.
        </p>
        <button type="button" class="button button-primary" aria-busy={busy()} onClick={() => void retry()}>
          {busy() ? 'Trying…' : 'Try again'}
        </button>
      </div>
    </main>
  );
}
