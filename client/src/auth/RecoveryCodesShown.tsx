// The ten recovery codes, shown once right after two-step sign-in is turned
// on: listed, copyable in one go, and gone from the page when the user says
// they have saved them. Nothing keeps them but the user.
import { createSignal, For, onMount, type JSX } from 'solid-js';
import './second-factor.css';

export function RecoveryCodesShown(props: { codes: string[]; onDone: () => void; doneLabel?: string }): JSX.Element {
  const [copied, setCopied] = createSignal<string | null>(null);
  let box!: HTMLElement;
  // The keyboard goes there, so it is read out and Copy is one Tab away.
  onMount(() => box.focus());
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.codes.join('\n'));
      setCopied('Copied.');
    } catch {
      setCopied('Copying is not allowed here: select the codes and copy them by hand.');
    }
  };
  return (
    <section ref={box} class="callout second-factor-once" tabindex="-1" aria-labelledby="recovery-codes-title" data-testid="recovery-codes">
      <h2 id="recovery-codes-title" class="second-factor-once-title">
        Your recovery codes
      </h2>
      <p class="small">
        <strong>Shown once.</strong> Each code signs you in once if you lose your phone. Keep them somewhere safe, away from your phone: a
        password manager, or on paper.
      </p>
      <ol class="recovery-codes mono">
        <For each={props.codes}>{(code) => <li>{code}</li>}</For>
      </ol>
      <div class="form-actions">
        <button type="button" class="button button-secondary" onClick={() => void copy()}>
          Copy all
        </button>
        <button type="button" class="button button-primary" onClick={() => props.onDone()} data-testid="recovery-codes-done">
          {props.doneLabel ?? 'I have saved them'}
        </button>
        <span role="status" class="small">
          {copied()}
        </span>
      </div>
    </section>
  );
}
