// Voicemail → Messages: each of the user's extensions' boxes as mod_voicemail
// keeps them (the server asks FreeSWITCH; nothing is copied): new and saved
// messages with caller, time and length, a player, download, save and
// delete; the box's PIN and greeting. The list reloads whenever FreeSWITCH's
// count of a box changes (MESSAGE_WAITING, live), so a message left while the
// page is open appears by itself, and so does one deleted on a desk phone.
import { createEffect, createMemo, createResource, createSignal, For, on, onCleanup, Show, type JSX } from 'solid-js';
import type { VoicemailBox, VoicemailBoxes, VoicemailMessage } from '../../../common/voicemail.ts';
import { ConfirmDialog, type ConfirmRequest } from '../admin/ConfirmDialog.tsx';
import { failureMessage } from '../api.ts';
import { formatCallTime } from '../cdr/format.ts';
import { onLiveAgain } from '../live/reconnected.ts';
import { live, onAccountChange } from '../live/store.ts';
import { Loaded } from '../shell/Loaded.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { deleteMessage, loadBoxes, saveMessage } from '../voicemail/api.ts';
import { GreetingForm } from '../voicemail/GreetingForm.tsx';
import { callerOf, MessageList, type MessageActions } from '../voicemail/MessageList.tsx';
import { PinForm } from '../voicemail/PinForm.tsx';
import '../admin/admin.css';
import '../voicemail/voicemail.css';

/**
 * The new data, with every message that did not change kept as the same
 * object: its row (and a player that is playing) stays as it is.
 */
function keepUnchanged(before: VoicemailBoxes | undefined, after: VoicemailBoxes): VoicemailBoxes {
  const old = new Map(before?.boxes.flatMap((b) => b.messages.map((m) => [`${b.extension}/${m.uuid}`, m] as const)));
  const same = (a: VoicemailMessage | undefined, b: VoicemailMessage) => !!a && JSON.stringify(a) === JSON.stringify(b);
  return {
    boxes: after.boxes.map((b) => ({ ...b, messages: b.messages.map((m) => (same(old.get(`${b.extension}/${m.uuid}`), m) ? old.get(`${b.extension}/${m.uuid}`)! : m)) })),
  };
}

export default function Voicemail(): JSX.Element {
  const [data, { mutate }] = createResource(loadBoxes);
  let reloads = 0;
  const reload = async () => {
    const ticket = ++reloads;
    try {
      const next = await loadBoxes();
      if (ticket === reloads) mutate((before) => keepUnchanged(before, next));
    } catch {
      // Kept as it was; the next change or reconnect tries again.
    }
  };
  // FreeSWITCH's count of any of the boxes shown changed: a message arrived, or went elsewhere.
  // A memo, so that a reload (new data, same counts) does not set off another.
  const counts = createMemo(() =>
    (data.latest?.boxes ?? [])
      .map((b) => {
        const c = live.extensions[b.extension]?.voicemail;
        return c ? `${b.extension}:${c.new}/${c.saved}` : '';
      })
      .join(','),
  );
  createEffect(on(counts, () => void reload(), { defer: true }));
  onLiveAgain(() => void reload());
  onCleanup(onAccountChange(() => void reload()));

  const [confirm, setConfirm] = createSignal<ConfirmRequest | null>(null);
  const [working, setWorking] = createSignal<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = createSignal<string | null>(null);
  const mark = (uuid: string, on: boolean) =>
    setWorking((set) => {
      const next = new Set(set);
      if (on) next.add(uuid);
      else next.delete(uuid);
      return next;
    });
  const replace = (extension: string, uuid: string, message: VoicemailMessage | null) =>
    mutate((d) =>
      d && {
        boxes: d.boxes.map((b) =>
          b.extension !== extension ? b : { ...b, messages: message ? b.messages.map((m) => (m.uuid === uuid ? message : m)) : b.messages.filter((m) => m.uuid !== uuid) },
        ),
      },
    );

  const actionsFor = (extension: string): MessageActions => ({
    busy: (uuid) => working().has(uuid),
    save: async (m) => {
      setProblem(null);
      mark(m.uuid, true);
      try {
        replace(extension, m.uuid, await saveMessage(extension, m.uuid));
      } catch (err) {
        setProblem(failureMessage(err));
      } finally {
        mark(m.uuid, false);
      }
    },
    remove: (m) =>
      setConfirm({
        title: 'Delete this message?',
        body: `The message from ${callerOf(m)}, left ${formatCallTime(m.receivedAt)}, is deleted from the mailbox of extension ${extension} for good: your phones will not have it either.`,
        confirmLabel: 'Delete',
        busyLabel: 'Deleting…',
        danger: true,
        action: async () => {
          setProblem(null);
          await deleteMessage(extension, m.uuid);
          replace(extension, m.uuid, null);
        },
      }),
  });

  return (
    <div class="page">
      <PageHeading title="Voicemail">
        <p class="page-lede">Messages callers left on your extensions, newest first. New ones appear here as they arrive; your desk phone's light follows the same count.</p>
      </PageHeading>
      <div role="alert">
        <Show when={problem()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
      <Loaded resource={data}>
        {(d) => (
          <Show when={d().boxes.length > 0} fallback={<div class="card empty-state"><p>No extension is assigned to you, so you have no mailbox. Ask your administrator.</p></div>}>
            <For each={d().boxes.map((b) => b.extension)}>
              {(extension) => <BoxCard box={() => d().boxes.find((b) => b.extension === extension)} actions={actionsFor(extension)} onChanged={() => void reload()} />}
            </For>
          </Show>
        )}
      </Loaded>
      <ConfirmDialog request={confirm()} onClose={() => setConfirm(null)} />
    </div>
  );
}

function BoxCard(props: { box: () => VoicemailBox | undefined; actions: MessageActions; onChanged: () => void }): JSX.Element {
  const box = createMemo(() => props.box());
  // Memos: a reload's new objects with the same values change nothing on the page (a playing message plays on).
  const extension = createMemo(() => box()?.extension ?? '');
  const hasPin = createMemo(() => box()?.hasPin ?? false);
  const hasGreeting = createMemo(() => box()?.hasGreeting ?? false);
  const enabled = createMemo(() => box()?.enabled ?? true);
  const fresh = createMemo(() => box()?.messages.filter((m) => m.folder === 'new') ?? []);
  const kept = createMemo(() => box()?.messages.filter((m) => m.folder === 'saved') ?? []);
  const titleId = () => `vm-box-${extension()}`;
  return (
    <Show when={extension()}>
      <section class="card vm-box" aria-labelledby={titleId()} data-testid={`vm-box-${extension()}`}>
          <div class="card-head">
            <h2 class="card-title" id={titleId()}>
              Extension {extension()}
            </h2>
            <span class="badge" data-state={fresh().length ? 'warn' : undefined} data-testid="vm-box-count">
              {fresh().length} new, {kept().length} saved
            </span>
          </div>
          <Show when={!enabled()}>
            <p class="callout">Unanswered calls to this extension do not go to voicemail (an administrator's setting). Messages already here stay.</p>
          </Show>
          <MessageList extension={extension()} folder="new" messages={fresh()} actions={props.actions} />
          <MessageList extension={extension()} folder="saved" messages={kept()} actions={props.actions} />
          <div class="vm-settings">
            <PinForm extension={extension()} hasPin={hasPin()} onSaved={props.onChanged} />
            <GreetingForm extension={extension()} hasGreeting={hasGreeting()} onSaved={props.onChanged} />
          </div>
      </section>
    </Show>
  );
}
