// The twelve keys of a phone. Used to type a number and to send DTMF.
import { For, type JSX } from 'solid-js';

const KEYS: [string, string][] = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'],
  ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'],
  ['*', ''], ['0', '+'], ['#', ''],
];

export function Keypad(props: { onKey: (key: string) => void; label: string }): JSX.Element {
  return (
    <div class="sp-keypad" role="group" aria-label={props.label}>
      <For each={KEYS}>
        {([key, letters]) => (
          // Named by its digit alone (the letters are hidden from screen readers).
          <button type="button" class="sp-key" data-key={key} onClick={() => props.onKey(key)}>
            <span class="sp-key-digit">{key}</span>
            <span class="sp-key-letters" aria-hidden="true">{letters}</span>
          </button>
        )}
      </For>
    </div>
  );
}
