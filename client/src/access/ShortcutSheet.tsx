// The shortcut sheet (`?`, or the header's keyboard button): a modal <dialog>
// listing this user's shortcuts, drawn from the key table so the two never
// disagree, with the switch that turns single-key shortcuts off. The browser
// keeps the keyboard inside it and Escape closes it; the focus goes back to
// where it was (or to the page heading).
import { createEffect, createSignal, For, on, onCleanup, onMount, Show, type JSX } from 'solid-js';
import type { Role } from '../../../common/api.ts';
import { onCommand } from './commands.ts';
import { setShortcutsEnabled, shortcutsEnabled, shortcutsFor, type Shortcut } from './shortcuts.ts';
import './access.css';

const [open, setOpen] = createSignal(false);
/** Opens the sheet, or closes it if it is open. */
export const toggleShortcutSheet = () => setOpen((o) => !o);

export function ShortcutSheet(props: { role: Role }): JSX.Element {
  let dialog!: HTMLDialogElement;
  let closeButton!: HTMLButtonElement;
  let opener: HTMLElement | null = null;
  const groups = () => {
    const list = shortcutsFor(props.role);
    return (['Calls', 'Desk'] as const).map((name) => ({ name, items: list.filter((s) => s.group === name) })).filter((g) => g.items.length > 0);
  };

  onMount(() => onCleanup(onCommand('shortcuts', () => (toggleShortcutSheet(), true))));
  onCleanup(() => setOpen(false));

  createEffect(
    on(open, (isOpen) => {
      if (isOpen && !dialog.open) {
        opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
        dialog.showModal();
        closeButton.focus();
      } else if (!isOpen && dialog.open) {
        dialog.close();
      }
    }),
  );

  return (
    <dialog
      ref={dialog}
      class="shortcut-sheet"
      aria-labelledby="shortcut-sheet-title"
      data-shortcut-sheet=""
      data-testid="shortcut-sheet"
      // Escape hides the dialog at once but its close event comes a task later: a `?` pressed
      // in between would toggle a sheet that is still "open" here. Cancel comes at once.
      onCancel={() => setOpen(false)}
      onClose={() => {
        setOpen(false);
        const back = opener?.isConnected ? opener : document.querySelector<HTMLElement>('#main h1');
        opener = null;
        back?.focus();
      }}
    >
      <div class="shortcut-sheet-head">
        <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
        <button ref={closeButton} type="button" class="icon-button" aria-label="Close" onClick={() => setOpen(false)}>
          ×
        </button>
      </div>
      <p class="muted shortcut-sheet-lede">Single keys, anywhere but in a text field.</p>
      <For each={groups()}>
        {(group) => (
          <section class="shortcut-group" aria-labelledby={`shortcut-group-${group.name}`}>
            <h3 id={`shortcut-group-${group.name}`}>{group.name}</h3>
            <dl class="shortcut-list">
              <For each={group.items}>{(s) => <ShortcutRow shortcut={s} />}</For>
            </dl>
          </section>
        )}
      </For>
      <label class="shortcut-switch">
        <input type="checkbox" checked={shortcutsEnabled()} onChange={(e) => setShortcutsEnabled(e.currentTarget.checked)} />
        Use single-key shortcuts
      </label>
      <Show when={!shortcutsEnabled()}>
        <p class="muted shortcut-sheet-off" role="status">
          Shortcuts are off in this browser. This sheet stays on the keyboard button at the top of the page.
        </p>
      </Show>
    </dialog>
  );
}

function ShortcutRow(props: { shortcut: Shortcut }): JSX.Element {
  return (
    <div class="shortcut-row" data-command={props.shortcut.command}>
      <dt>
        <kbd>{props.shortcut.label}</kbd>
      </dt>
      <dd>{props.shortcut.does}</dd>
    </div>
  );
}
