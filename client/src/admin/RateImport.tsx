// Rates from a CSV file (`prefix,per_minute,first_increment,increment` with
// a header line), read in the browser and sent as text. A file with any bad
// line changes nothing: the server lists every bad line, shown as is.
import { createSignal, For, onMount, Show, type JSX } from 'solid-js';
import { rateImport, type LineError, type RateImportResult } from '../../../common/admin.ts';
import { ApiFailure, failureMessage, request } from '../api.ts';
import { problem } from './check.ts';

const lineErrorsOf = (err: unknown): LineError[] => {
  const lines = err instanceof ApiFailure ? (err.body as { lines?: unknown } | undefined)?.lines : undefined;
  return Array.isArray(lines) ? (lines as LineError[]) : [];
};

const counted = (r: RateImportResult) =>
  `Imported: ${r.created} created, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged.`;

export function RateImport(props: { onImported: () => void; onCancel: () => void }): JSX.Element {
  const [csv, setCsv] = createSignal('');
  const [replace, setReplace] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [lines, setLines] = createSignal<LineError[]>([]);
  const [result, setResult] = createSignal<string | null>(null);
  let fileInput!: HTMLInputElement;
  onMount(() => fileInput.focus());

  const readFile = async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    setResult(null);
    setLines([]);
    try {
      setCsv(await file.text());
      setError(null);
    } catch {
      setError(`${file.name} could not be read.`);
    }
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const body = { csv: csv(), replace: replace() };
    setResult(null);
    setLines([]);
    const wrong = problem(rateImport, body);
    if (wrong) return setError(wrong);
    setError(null);
    setBusy(true);
    try {
      const r = await request<RateImportResult>('POST', '/api/admin/rates/import', body);
      setResult(counted(r));
      props.onImported();
    } catch (err) {
      setError(failureMessage(err));
      setLines(lineErrorsOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id="rate-import" class="card form admin-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy()} aria-labelledby="rate-import-title">
      <h2 id="rate-import-title" class="card-title">
        Import rates from CSV
      </h2>
      <p class="muted small">
        The first line names the columns: <code>prefix,per_minute,first_increment,increment</code>. Each other line is one rate, e.g.{' '}
        <code>+44,0.012,60,60</code>. A prefix already listed is updated.
      </p>
      <div class="field">
        <label for="rate-import-file">CSV file</label>
        <input ref={fileInput} id="rate-import-file" class="file-input" type="file" accept=".csv,text/csv,text/plain" onChange={() => void readFile()} />
      </div>
      <div class="field">
        <label for="rate-import-text">Or paste the CSV</label>
        <textarea id="rate-import-text" class="csv-text" rows="8" spellcheck={false} value={csv()} onInput={(e) => setCsv(e.currentTarget.value)} />
      </div>
      <div class="field field-check">
        <input id="rate-import-replace" type="checkbox" checked={replace()} onChange={(e) => setReplace(e.currentTarget.checked)} />
        <label for="rate-import-replace">Replace: remove the rates the file does not list</label>
      </div>
      <div role="alert">
        <Show when={error()}>
          {(text) => (
            <div class="callout callout-error" data-testid="rate-import-error">
              <p>{text()}</p>
              <Show when={lines().length > 0}>
                <ul class="line-errors">
                  <For each={lines()}>
                    {(l) => (
                      <li>
                        Line {l.line}: {l.error}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          )}
        </Show>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" aria-busy={busy()}>
          {busy() ? 'Importing…' : 'Import'}
        </button>
        <button type="button" class="button button-ghost" onClick={() => props.onCancel()}>
          Close
        </button>
        <span role="status" class="form-ok" data-testid="rate-import-result">
          {result()}
        </span>
      </div>
    </form>
  );
}
