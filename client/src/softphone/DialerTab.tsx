// Dialer tab: a number field (Enter dials), the keypad, Call and Redial.
import { createSignal, Show, type JSX } from 'solid-js';
import { Keypad } from './Keypad.tsx';
import { dial, phone } from './phone.ts';

export function DialerTab(): JSX.Element {
  const [number, setNumber] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  let input!: HTMLInputElement;

  const call = (text: string) => {
    const problem = dial(text);
    setError(problem);
    if (!problem) setNumber('');
  };

  return (
    <form
      class="sp-dialer"
      aria-label="Dialer"
      onSubmit={(e) => {
        e.preventDefault();
        call(number());
      }}
    >
      <div class="field">
        <label for="sp-number">Extension or number</label>
        <input
          ref={input}
          id="sp-number"
          type="text"
          inputmode="tel"
          autocomplete="off"
          spellcheck={false}
          placeholder="1002"
          value={number()}
          aria-invalid={error() ? 'true' : undefined}
          onInput={(e) => setNumber(e.currentTarget.value)}
        />
      </div>
      <Keypad
        label="Keypad"
        onKey={(key) => {
          setNumber((n) => n + key);
          input.focus();
        }}
      />
      <Show when={error()}>
        <p class="sp-field-error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="sp-row">
        <button type="submit" class="button sp-call">
          Call
        </button>
        <button
          type="button"
          class="button button-secondary"
          disabled={!phone.lastDialed}
          title={phone.lastDialed ? `Call ${phone.lastDialed} again` : 'Nothing dialled yet'}
          onClick={() => phone.lastDialed && call(phone.lastDialed)}
        >
          Redial
        </button>
      </div>
    </form>
  );
}
