// The greeting callers hear before they leave a message: upload a WAV file,
// or record one here (the browser's microphone; made into a WAV before it is
// sent). The server converts it for mod_voicemail and selects it.
import { createMemo, createSignal, createUniqueId, onCleanup, Show, type JSX } from 'solid-js';
import { greetingAudioUrl } from '../../../common/voicemail.ts';
import { failureMessage } from '../api.ts';
import { uploadGreeting } from './api.ts';
import { canRecord, recordingToWav } from './wav.ts';

/** mod_voicemail's own limit (max-record-len); the server refuses longer ones too. */
const MAX_RECORD_SECONDS = 300;

const looksLikeWav = (file: File) => /\.wave?$/i.test(file.name) || /^audio\/(wav|x-wav|wave|vnd\.wave)$/i.test(file.type);

export function GreetingForm(props: { extension: string; hasGreeting: boolean; onSaved?: () => void }): JSX.Element {
  const id = createUniqueId();
  const [file, setFile] = createSignal<File | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal<string | null>(null);
  // After an upload the player loads the new greeting, not a cached old one.
  const [version, setVersion] = createSignal(0);
  const [recording, setRecording] = createSignal<{ started: number } | null>(null);
  const [elapsed, setElapsed] = createSignal(0);
  const [take, setTake] = createSignal<{ wav: Blob; url: string } | null>(null);
  // A memo: the player's source is set again only when it really changes (setting it reloads the player).
  const greetingSrc = createMemo(() => `${greetingAudioUrl(props.extension)}?v=${version()}`);
  let fileField!: HTMLInputElement;
  let recorder: MediaRecorder | undefined;
  let stream: MediaStream | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;

  const discardTake = () => {
    const t = take();
    if (t) URL.revokeObjectURL(t.url);
    setTake(null);
  };
  const release = () => {
    clearInterval(ticker);
    stream?.getTracks().forEach((t) => t.stop());
    stream = undefined;
  };
  onCleanup(() => {
    if (recorder?.state === 'recording') recorder.stop();
    release();
    discardTake();
  });

  const send = async (wav: Blob, done: string) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await uploadGreeting(props.extension, wav);
      setSaved(done);
      setVersion((v) => v + 1);
      props.onSaved?.();
      return true;
    } catch (err) {
      setError(failureMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submitFile = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const chosen = file();
    if (!chosen) {
      setError('Choose a WAV file to upload, or record a greeting.');
      fileField.focus();
      return;
    }
    if (!looksLikeWav(chosen)) {
      setError('Choose a WAV file (.wav). Other formats are not accepted.');
      fileField.focus();
      return;
    }
    if (await send(chosen, 'Saved. Callers hear your new greeting.')) {
      fileField.value = '';
      setFile(null);
    }
  };

  const startRecording = async () => {
    setError(null);
    setSaved(null);
    discardTake();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setError('The microphone could not be used. Allow this page to use it, or upload a WAV file instead.');
      return;
    }
    const chunks: Blob[] = [];
    recorder = new MediaRecorder(stream);
    recorder.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
    recorder.onstop = async () => {
      release();
      setRecording(null);
      try {
        const wav = await recordingToWav(new Blob(chunks, { type: recorder?.mimeType || 'audio/webm' }));
        setTake({ wav, url: URL.createObjectURL(wav) });
      } catch {
        setError('The recording could not be read. Try again, or upload a WAV file.');
      }
    };
    recorder.start();
    const started = Date.now();
    setRecording({ started });
    setElapsed(0);
    ticker = setInterval(() => {
      const seconds = Math.floor((Date.now() - started) / 1000);
      setElapsed(seconds);
      if (seconds >= MAX_RECORD_SECONDS && recorder?.state === 'recording') recorder.stop();
    }, 250);
  };

  const stopRecording = () => {
    if (recorder?.state === 'recording') recorder.stop();
  };

  const saveTake = async () => {
    const t = take();
    if (!t || busy()) return;
    if (await send(t.wav, 'Saved. Callers hear the greeting you recorded.')) discardTake();
  };

  return (
    <div class="vm-form" data-testid={`vm-greeting-${props.extension}`}>
      <h3 class="vm-form-title">Greeting</h3>
      <Show when={props.hasGreeting || version() > 0} fallback={<p class="muted small">Callers hear the standard greeting. Upload or record your own.</p>}>
        <p class="muted small" id={`${id}-current`}>
          Callers hear your greeting:
        </p>
        <audio class="vm-audio" controls preload="none" src={greetingSrc()} aria-labelledby={`${id}-current`} />
      </Show>

      <form class="form" onSubmit={(e) => void submitFile(e)} noValidate aria-busy={busy()}>
        <div class="field">
          <label for={`${id}-file`}>Upload a WAV file</label>
          <input
            ref={fileField}
            id={`${id}-file`}
            type="file"
            accept=".wav,audio/wav,audio/x-wav"
            aria-describedby={`${id}-file-hint`}
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
          <span class="hint muted small" id={`${id}-file-hint`}>
            Up to {MAX_RECORD_SECONDS / 60} minutes. It is converted for the phone network.
          </span>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-secondary" aria-busy={busy() && !take()}>
            {busy() && !take() ? 'Uploading…' : 'Upload greeting'}
          </button>
        </div>
      </form>

      <Show when={canRecord()}>
        <div class="vm-record" role="group" aria-label="Record a greeting">
          <Show
            when={recording()}
            fallback={
              <button type="button" class="button button-secondary" disabled={busy()} onClick={() => void startRecording()}>
                {take() ? 'Record again' : 'Record a greeting'}
              </button>
            }
          >
            <button type="button" class="button button-danger" onClick={stopRecording}>
              Stop recording
            </button>
            <span class="vm-recording" role="status">
              Recording… {elapsed()} s
            </span>
          </Show>
          <Show when={take()}>
            {(t) => (
              <div class="vm-take">
                <audio class="vm-audio" controls src={t().url} aria-label="Your recording" />
                <button type="button" class="button button-primary" aria-busy={busy()} onClick={() => void saveTake()}>
                  {busy() ? 'Saving…' : 'Use this recording'}
                </button>
                <button type="button" class="button button-ghost" disabled={busy()} onClick={discardTake}>
                  Discard
                </button>
              </div>
            )}
          </Show>
        </div>
      </Show>

      <p role="status" class="form-ok">
        {saved()}
      </p>
      <div role="alert">
        <Show when={error()}>{(text) => <p class="callout callout-error">{text()}</p>}</Show>
      </div>
    </div>
  );
}
