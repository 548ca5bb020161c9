// Send Fax: number, cover page, PDF with an upload progress bar, subject and
// note. The server checks the PDF by its content; its message is shown as is.
import { A, useNavigate } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { COVER_TEMPLATES, faxNumber } from '../../../common/fax.ts';
import { ApiFailure } from '../api.ts';
import { uploadFax } from '../fax/upload.ts';
import { PageHeading } from '../shell/PageHeading.tsx';
import '../fax/fax.css';

export default function FaxSend(): JSX.Element {
  const navigate = useNavigate();
  const [error, setError] = createSignal<string>();
  const [toError, setToError] = createSignal<string>();
  const [progress, setProgress] = createSignal<number | undefined>();
  const [fileName, setFileName] = createSignal('');
  let formEl!: HTMLFormElement;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    const form = new FormData(formEl);
    const to = faxNumber.safeParse(String(form.get('to') ?? ''));
    setToError(to.success ? undefined : to.error.issues[0]!.message);
    if (!to.success) return;
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return setError('Choose a PDF document to fax.');
    setFileName(file.name);
    setProgress(0);
    try {
      await uploadFax(form, setProgress);
      navigate('/fax/outbound');
    } catch (err) {
      setError((err as ApiFailure).message);
      setProgress(undefined);
    }
  };

  return (
    <div class="page">
      <PageHeading title="Send Fax">
        <p class="page-lede">Fax a PDF document. International numbers need + and the country code.</p>
      </PageHeading>
      <form class="card form fax-form" ref={formEl} onSubmit={submit} novalidate data-testid="fax-send-form">
        <div class="alert-region" role="alert">
          <Show when={error()}>
            <p class="callout callout-error" data-testid="fax-error">{error()}</p>
          </Show>
        </div>
        <div class="field">
          <label for="fax-to">To</label>
          <input id="fax-to" name="to" type="text" inputmode="tel" autocomplete="off" placeholder="+44 20 7946 0958" required
            aria-invalid={toError() ? 'true' : undefined} aria-describedby={toError() ? 'fax-to-error' : undefined} />
          <Show when={toError()}>
            <p id="fax-to-error" class="field-error">{toError()}</p>
          </Show>
        </div>
        <div class="field">
          <label for="fax-cover">Cover page</label>
          <select id="fax-cover" name="cover">
            <For each={COVER_TEMPLATES}>{(t) => <option value={t.id}>{t.label}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="fax-file">PDF document</label>
          <input id="fax-file" class="fax-file" name="file" type="file" accept="application/pdf,.pdf" required aria-describedby="fax-file-hint" />
          <span id="fax-file-hint" class="hint">Only PDF documents can be faxed. A cover page, if chosen, goes in front.</span>
        </div>
        <div class="field">
          <label for="fax-subject">Subject <span class="fax-optional">(optional)</span></label>
          <input id="fax-subject" name="subject" type="text" maxlength="200" />
        </div>
        <div class="field">
          <label for="fax-note">Note <span class="fax-optional">(optional)</span></label>
          <textarea id="fax-note" name="note" rows="4" maxlength="2000" aria-describedby="fax-note-hint" />
          <span id="fax-note-hint" class="hint">Subject and note are printed on the cover page.</span>
        </div>
        <Show when={progress() !== undefined}>
          <div class="fax-progress">
            <span class="fax-progress-text">
              <span>{(progress() ?? 0) < 1 ? `Uploading ${fileName()}…` : `Checking ${fileName()}…`}</span>
              <strong>{Math.round((progress() ?? 0) * 100)}%</strong>
            </span>
            <progress max="1" value={progress()} aria-label="Upload progress" data-testid="fax-progress" />
          </div>
        </Show>
        <div class="form-actions">
          <button type="submit" class="button button-primary" aria-busy={progress() !== undefined ? 'true' : undefined} disabled={progress() !== undefined}>
            Send fax
          </button>
          <A href="/fax/outbound" class="button button-ghost">
            Cancel
          </A>
        </div>
      </form>
    </div>
  );
}
