// A secret the server hands over once and never again (a set-password link,
// a SIP password): shown in a callout with a Copy button until the admin
// says they are done with it. It lives in the page's memory only.
import { createSignal, onMount, type JSX } from 'solid-js';

export interface Secret {
  /** What it is ("SIP password of extension 1013"). */
  title: string;
  value: string;
  /** What to do with it. */
  note: string;
}

export function ShownOnce(props: { secret: Secret; onDone: () => void }): JSX.Element {
  const [copied, setCopied] = createSignal<string | null>(null);
  let box!: HTMLElement;
  // Take the keyboard there, so it is read out and Copy is one Tab away.
  onMount(() => box.focus());
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret.value);
      setCopied('Copied.');
    } catch {
      setCopied('Copying is not allowed here: select the text and copy it by hand.');
    }
  };
  return (
    <section ref={box} class="callout shown-once" tabindex="-1" aria-labelledby="shown-once-title" data-testid="shown-once">
      <h2 id="shown-once-title" class="shown-once-title">
        {props.secret.title}
      </h2>
      <p class="shown-once-value">
        <code class="mono" data-testid="shown-once-value">
          {props.secret.value}
        </code>
      </p>
      <p class="small">
        <strong>Shown once.</strong> {props.secret.note}
      </p>
      <div class="form-actions">
        <button type="button" class="button button-secondary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" class="button button-ghost" onClick={() => props.onDone()}>
          Done
        </button>
        <span role="status" class="small">
          {copied()}
        </span>
      </div>
    </section>
  );
}
