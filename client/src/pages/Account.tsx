// My Account: the SIP credentials of each of the user's extensions, the DND
// switch (live: a change in another tab or from *78 on a phone shows here at
// once) and the fax delivery e-mail. When an administrator gives or takes an
// extension (or a new SIP password), the page reloads its data by itself.
// Below them, the user's two-step sign-in.
import { createResource, createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import type { Account as AccountData, AccountExtension } from '../../../common/account.ts';
import { failureMessage, getJson, request } from '../api.ts';
import { SecondFactorCard } from '../auth/SecondFactorCard.tsx';
import { onLiveAgain } from '../live/reconnected.ts';
import { live, onAccountChange, onAdminChange } from '../live/store.ts';
import { Loaded } from '../shell/Loaded.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { useInSoftphone } from '../softphone/account.ts';

/**
 * The new data, with each extension that did not change kept as the same
 * object, so its cards (a revealed password, an unsaved change) stay as they are.
 */
function keepUnchanged(before: AccountData | undefined, after: AccountData): AccountData {
  const old = new Map(before?.extensions.map((e) => [e.number, e]));
  const same = (a: AccountExtension | undefined, b: AccountExtension) => !!a && JSON.stringify(a) === JSON.stringify(b);
  return { ...after, extensions: after.extensions.map((e) => (same(old.get(e.number), e) ? old.get(e.number)! : e)) };
}

export default function Account(): JSX.Element {
  const [account, { mutate }] = createResource(() => getJson<AccountData>('/api/account'));
  // Reloaded in place (not refetch(), which would blank the page while it loads).
  let reloads = 0;
  const reload = async () => {
    const ticket = ++reloads;
    try {
      const next = await getJson<AccountData>('/api/account');
      if (ticket === reloads) mutate((before) => keepUnchanged(before, next));
    } catch {
      // Kept as it was; the next change or reconnect tries again.
    }
  };
  onCleanup(onAccountChange(() => void reload()));
  // A new SIP password changes nobody's access, so it brings no account-changed;
  // an admin (who may own the extension) hears it as a change of extensions.
  onCleanup(onAdminChange((areas) => areas.includes('extensions') && void reload()));
  onLiveAgain(() => void reload());
  return (
    <div class="page">
      <PageHeading title="My Account">
        <p class="page-lede">Your SIP credentials for any SIP client, and how your extension treats incoming calls.</p>
      </PageHeading>
      <Loaded resource={account}>
        {(data) => (
          <Show when={data().extensions.length > 0} fallback={<div class="card empty-state"><p>No extension is assigned to you yet. Ask your administrator.</p></div>}>
            <For each={data().extensions}>{(ext) => <ExtensionCards ext={ext} />}</For>
          </Show>
        )}
      </Loaded>
      <div class="account-grid">
        <SecondFactorCard />
      </div>
    </div>
  );
}

function ExtensionCards(props: { ext: AccountExtension }): JSX.Element {
  return (
    <div class="account-grid" data-testid={`account-${props.ext.number}`}>
      <VoiceExtensionCard ext={props.ext} />
      <DndCard ext={props.ext} />
      <FaxCard ext={props.ext} />
    </div>
  );
}

function VoiceExtensionCard(props: { ext: AccountExtension }): JSX.Element {
  const [revealed, setRevealed] = createSignal(false);
  const [copied, setCopied] = createSignal<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.ext.sipPassword);
      setCopied('Password copied.');
    } catch {
      setCopied('Copying is not allowed here; reveal the password and copy it by hand.');
    }
  };
  const id = (what: string) => `ext-${props.ext.number}-${what}`;
  return (
    <section class="card account-card" aria-labelledby={id('voice')}>
      <div class="card-head">
        <h2 id={id('voice')} class="card-title">
          Voice Extension {props.ext.number}
        </h2>
        <button type="button" class="button button-secondary" onClick={() => useInSoftphone(props.ext)}>
          Use in softphone
        </button>
      </div>
      <dl class="credentials">
        <dt>SIP username</dt>
        <dd class="mono" data-testid="sip-username">{props.ext.sipUsername}</dd>
        <dt>SIP password</dt>
        <dd class="secret">
          <span class="mono" data-testid="sip-password">{revealed() ? props.ext.sipPassword : '••••••••••••'}</span>
          <button type="button" class="button button-ghost" aria-pressed={revealed()} onClick={() => setRevealed((v) => !v)}>
            {revealed() ? 'Hide' : 'Reveal'}
          </button>
          <button type="button" class="button button-ghost" onClick={() => void copy()}>
            Copy
          </button>
        </dd>
        <dt>Domain</dt>
        <dd class="mono">{props.ext.domain}</dd>
        <dt>WebSocket server</dt>
        <dd class="mono">{props.ext.wssUrl}</dd>
      </dl>
      <p class="muted small" role="status">{copied()}</p>
    </section>
  );
}

function DndCard(props: { ext: AccountExtension }): JSX.Element {
  // What the server says now (pushed live), unless the user has an unsaved change.
  const current = () => live.extensions[props.ext.number]?.dnd ?? props.ext.dnd;
  const [draft, setDraft] = createSignal<boolean | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [result, setResult] = createSignal<{ ok: boolean; text: string } | null>(null);
  const checked = () => draft() ?? current();
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setResult(null);
    try {
      const saved = await request<AccountExtension>('PUT', `/api/account/extensions/${props.ext.number}/dnd`, { dnd: checked() });
      setDraft(null);
      setResult({ ok: true, text: saved.dnd ? 'Saved. Incoming calls are rejected.' : 'Saved. Incoming calls ring again.' });
    } catch (err) {
      setResult({ ok: false, text: failureMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const id = `dnd-${props.ext.number}`;
  return (
    <section class="card account-card" aria-labelledby={`${id}-title`}>
      <div class="card-head">
        <h2 id={`${id}-title`} class="card-title">
          Extension Settings
        </h2>
        <span class="badge" data-state={current() ? 'warn' : 'off'} data-testid="dnd-state">
          {current() ? 'Do not disturb: on' : 'Do not disturb: off'}
        </span>
      </div>
      <form class="form" onSubmit={(e) => void save(e)}>
        <div class="field field-check">
          <input id={id} type="checkbox" checked={checked()} onChange={(e) => setDraft(e.currentTarget.checked)} />
          <label for={id}>Reject incoming calls (DND)</label>
          <span class="hint">All calls, queue calls included, go to your voicemail. Dial *78 / *79 on a phone for the same.</span>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" aria-busy={busy()}>
            {busy() ? 'Saving…' : 'Save'}
          </button>
          <span role="status" classList={{ 'form-ok': result()?.ok === true }}>
            <Show when={result()?.ok}>{result()!.text}</Show>
          </span>
        </div>
        <div role="alert">
          <Show when={result() && !result()!.ok}>
            <p class="callout callout-error">{result()!.text}</p>
          </Show>
        </div>
      </form>
    </section>
  );
}

function FaxCard(props: { ext: AccountExtension }): JSX.Element {
  const [value, setValue] = createSignal(props.ext.faxEmail ?? '');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal<string | null>(null);
  const id = `fax-${props.ext.number}`;
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setError(null);
    setSaved(null);
    const email = value().trim();
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      setError('Enter a valid e-mail address, like name@example.com.');
      return;
    }
    setBusy(true);
    try {
      const ext = await request<AccountExtension>('PUT', `/api/account/extensions/${props.ext.number}/fax-email`, { faxEmail: email });
      setValue(ext.faxEmail ?? '');
      setSaved(ext.faxEmail ? `Saved. Faxes go to ${ext.faxEmail}.` : 'Saved. Faxes are not e-mailed.');
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card account-card" aria-labelledby={`${id}-title`}>
      <div class="card-head">
        <h2 id={`${id}-title`} class="card-title">
          Fax
        </h2>
      </div>
      <form class="form" onSubmit={(e) => void save(e)} noValidate>
        <div class="field">
          <label for={id}>Fax delivery e-mail</label>
          <input
            id={id}
            type="email"
            autocomplete="email"
            value={value()}
            aria-invalid={error() ? 'true' : undefined}
            aria-describedby={`${id}-hint`}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          <span id={`${id}-hint`} class="hint muted small">Inbound faxes arrive here as PDF. Leave empty to stop e-mailing them.</span>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" aria-busy={busy()}>
            {busy() ? 'Saving…' : 'Save'}
          </button>
          <span role="status" class="form-ok">{saved()}</span>
        </div>
        <div role="alert">
          <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
        </div>
      </form>
    </section>
  );
}
