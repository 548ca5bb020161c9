// The softphone's chunk: everything below the panel's title bar. Loaded the
// first time the panel opens (JsSIP comes with it) and never unmounted, so
// registration and calls carry on while the panel is closed or pages change.
import { createEffect, createSignal, Match, on, onMount, Show, Switch, type JSX } from 'solid-js';
import { ColleaguesPanel } from '../colleagues/ColleaguesPanel.tsx';
import { me } from '../session.ts';
import { softphoneAccount } from './account.ts';
import { ownSettings, settingsOf } from './credentials.ts';
import { CallView } from './CallView.tsx';
import { ConnectionLine, OtherTabNotice } from './ConnectionNotices.tsx';
import { DialerTab } from './DialerTab.tsx';
import { activeSettings, dismissNotice, phone, register } from './phone.ts';
import { SettingsTab } from './SettingsTab.tsx';
import { loadStored, store, type SipSettings } from './settings.ts';
import { NotificationPrompt } from './NotificationPrompt.tsx';
import { ResumeOffer } from './ResumeOffer.tsx';
import { StatusLight } from './StatusLight.tsx';
import './softphone.css';

const TABS = ['dialer', 'colleagues', 'settings'] as const;
type Tab = (typeof TABS)[number];
const EMPTY: SipSettings = { extension: '', password: '', domain: '', wsServer: '' };
/** The "Use in softphone" choice last acted on (the signal keeps its value for a late-loading chunk). */
let usedAccount: unknown = null;

export default function Softphone(): JSX.Element {
  const [values, setValues] = createSignal<SipSettings>(activeSettings() ?? EMPTY);
  const [tab, setTab] = createSignal<Tab>(activeSettings() ? 'dialer' : 'settings');
  const userId = () => me()?.id ?? '';

  const save = (settings: SipSettings) => {
    store(userId(), settings);
    setValues(settings);
    register(settings);
  };
  // To the dialer once registered; a failure keeps the settings (and the red light's reason) in view.
  createEffect(on(() => phone.registration.status, (status) => status === 'registered' && setTab('dialer'), { defer: true }));

  // First open in this session: what was saved, with the password fetched
  // again for the user's own extension; else prefilled from My Account.
  onMount(async () => {
    if (activeSettings()) return;
    const saved = loadStored(userId());
    const own = await ownSettings(saved?.extension).catch(() => null);
    if (activeSettings()) return;
    if (saved && own && own.domain === saved.domain) save({ ...saved, password: own.password });
    else setValues(saved ? { ...saved, password: '' } : (own ?? EMPTY));
  });

  // My Account's "Use in softphone": register with those credentials.
  createEffect(
    on(softphoneAccount, (account) => {
      if (!account || account === usedAccount) return;
      usedAccount = account;
      save(settingsOf(account));
    }),
  );

  const tabButton = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`sp-tab-${id}`}
      class="sp-tab"
      aria-selected={tab() === id}
      aria-controls={`sp-panel-${id}`}
      tabindex={tab() === id ? 0 : -1}
      onClick={() => setTab(id)}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        const step = e.key === 'ArrowRight' ? 1 : TABS.length - 1;
        const next = TABS[(TABS.indexOf(id) + step) % TABS.length]!;
        setTab(next);
        document.getElementById(`sp-tab-${next}`)?.focus();
      }}
    >
      {label}
    </button>
  );

  return (
    <div class="sp" data-testid="softphone">
      <StatusLight />
      <OtherTabNotice />
      <ConnectionLine />
      <Show when={phone.registration.status === 'registered'}>
        <NotificationPrompt />
      </Show>
      <Show when={phone.notice}>
        {(notice) => (
          // Not a live region: the shell's announcer says it (announcements.ts).
          <div class="sp-notice" classList={{ 'sp-notice-error': notice().error }} data-testid="softphone-notice">
            <span>{notice().text}</span>
            <button type="button" class="icon-button sp-notice-close" aria-label="Dismiss" onClick={() => dismissNotice()}>
              ×
            </button>
          </div>
        )}
      </Show>
      <ResumeOffer />
      <Show
        when={phone.call}
        fallback={
          <>
            <div class="sp-tabs" role="tablist" aria-label="Softphone">
              {tabButton('dialer', 'Dialer')}
              {tabButton('colleagues', 'Colleagues')}
              {tabButton('settings', 'Settings')}
            </div>
            <Switch>
              <Match when={tab() === 'dialer'}>
                <div id="sp-panel-dialer" role="tabpanel" aria-labelledby="sp-tab-dialer">
                  <DialerTab />
                </div>
              </Match>
              <Match when={tab() === 'colleagues'}>
                <div id="sp-panel-colleagues" role="tabpanel" aria-labelledby="sp-tab-colleagues">
                  <ColleaguesPanel idPrefix="sp-colleagues" />
                </div>
              </Match>
              <Match when={tab() === 'settings'}>
                <div id="sp-panel-settings" role="tabpanel" aria-labelledby="sp-tab-settings">
                  <SettingsTab values={values()} onChange={setValues} onSave={save} />
                </div>
              </Match>
            </Switch>
          </>
        }
      >
        {(call) => <CallView call={call()} />}
      </Show>
    </div>
  );
}
