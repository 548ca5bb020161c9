// Before the first call: does the microphone work (permission, which device,
// a live level), can the speaker be heard (a test tone the user confirms),
// and can this browser reach the PBX (its SIP WebSocket; what the PBX has
// registered on the user's extension).
import { createResource, createSignal, Match, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { live, liveReady } from '../live/store.ts';
import { me } from '../session.ts';
import { PageHeading } from '../shell/PageHeading.tsx';
import { ownSettings } from '../softphone/credentials.ts';
import { microphoneError, openMicrophone } from '../softphone/check/microphone.ts';
import { probeWebSocket, type Reach } from '../softphone/check/probe.ts';
import { playTestTone } from '../softphone/check/tone.ts';
import { LevelMeter } from '../softphone/quality/LevelMeter.tsx';
import { loadStored } from '../softphone/settings.ts';
import '../softphone/check/check.css';

type Mic = { state: 'idle' } | { state: 'asking' } | { state: 'on'; stream: MediaStream } | { state: 'error'; message: string };
type Speaker = 'idle' | 'playing' | 'asking' | 'heard' | 'not-heard';

export default function SoftphoneCheck(): JSX.Element {
  return (
    <div class="page">
      <PageHeading title="Softphone check">
        <p class="page-lede">Check your microphone, your speaker and the connection to the PBX before you take calls.</p>
      </PageHeading>
      <div class="check-grid">
        <MicrophoneCheck />
        <SpeakerCheck />
        <ConnectionCheck />
      </div>
    </div>
  );
}

function Status(props: { id: string; tone: 'ok' | 'warn' | 'danger' | 'info'; children: JSX.Element }): JSX.Element {
  return (
    <p class="check-status" data-testid={props.id} data-state={props.tone} role="status">
      {props.children}
    </p>
  );
}

function MicrophoneCheck(): JSX.Element {
  const [mic, setMic] = createSignal<Mic>({ state: 'idle' });
  const stop = () => {
    const m = mic();
    if (m.state === 'on') for (const t of m.stream.getTracks()) t.stop();
    setMic({ state: 'idle' });
  };
  onCleanup(stop);
  const start = async () => {
    setMic({ state: 'asking' });
    try {
      setMic({ state: 'on', stream: await openMicrophone() });
    } catch (err) {
      setMic({ state: 'error', message: microphoneError(err) });
    }
  };
  const track = () => {
    const m = mic();
    return m.state === 'on' ? (m.stream.getAudioTracks()[0] ?? null) : null;
  };
  return (
    <section class="card check-card" aria-labelledby="check-mic">
      <h2 id="check-mic">Microphone</h2>
      <Switch>
        <Match when={mic().state === 'idle'}>
          <Status id="check-mic-status" tone="info">Not tested yet. The browser will ask for permission.</Status>
        </Match>
        <Match when={mic().state === 'asking'}>
          <Status id="check-mic-status" tone="info">Waiting for permission…</Status>
        </Match>
        <Match when={track()}>
          {(t) => (
            <>
              <Status id="check-mic-status" tone="ok">
                Allowed: {t().label || 'the default microphone'}. Speak: the bar should move.
              </Status>
              <LevelMeter track={t()} label="Microphone level" id="check-mic-level" />
            </>
          )}
        </Match>
        <Match when={mic().state === 'error' && mic()}>
          {(m) => (
            <Status id="check-mic-status" tone="danger">
              {(m() as { message: string }).message}
            </Status>
          )}
        </Match>
      </Switch>
      <div class="check-actions">
        <Show
          when={mic().state === 'on'}
          fallback={
            <button type="button" class="button button-primary" disabled={mic().state === 'asking'} onClick={() => void start()}>
              {mic().state === 'error' ? 'Try again' : 'Test microphone'}
            </button>
          }
        >
          <button type="button" class="button button-secondary" onClick={stop}>
            Stop
          </button>
        </Show>
      </div>
    </section>
  );
}

function SpeakerCheck(): JSX.Element {
  const [speaker, setSpeaker] = createSignal<Speaker>('idle');
  const play = async () => {
    setSpeaker('playing');
    try {
      await playTestTone();
      setSpeaker('asking');
    } catch {
      setSpeaker('not-heard');
    }
  };
  return (
    <section class="card check-card" aria-labelledby="check-speaker">
      <h2 id="check-speaker">Speaker</h2>
      <Switch>
        <Match when={speaker() === 'idle'}>
          <Status id="check-speaker-status" tone="info">Play a short tone and say whether you heard it.</Status>
        </Match>
        <Match when={speaker() === 'playing'}>
          <Status id="check-speaker-status" tone="info">Playing the tone…</Status>
        </Match>
        <Match when={speaker() === 'asking'}>
          <Status id="check-speaker-status" tone="info">Did you hear the tone?</Status>
        </Match>
        <Match when={speaker() === 'heard'}>
          <Status id="check-speaker-status" tone="ok">The speaker works.</Status>
        </Match>
        <Match when={speaker() === 'not-heard'}>
          <Status id="check-speaker-status" tone="danger">
            No tone heard: check the volume, the output device in the system settings, and that this tab is not muted.
          </Status>
        </Match>
      </Switch>
      <div class="check-actions">
        <Show
          when={speaker() === 'asking'}
          fallback={
            <button type="button" class="button button-primary" disabled={speaker() === 'playing'} onClick={() => void play()}>
              {speaker() === 'idle' ? 'Play test tone' : 'Play again'}
            </button>
          }
        >
          <button type="button" class="button button-primary" onClick={() => setSpeaker('heard')}>
            Yes, I heard it
          </button>
          <button type="button" class="button button-secondary" onClick={() => setSpeaker('not-heard')}>
            No
          </button>
        </Show>
      </div>
    </section>
  );
}

function ConnectionCheck(): JSX.Element {
  // The softphone's saved server, else the one My Account gives for the user's extension.
  const [settings] = createResource(async () => {
    const saved = loadStored(me()?.id ?? '');
    if (saved?.wsServer) return { wsServer: saved.wsServer, extension: saved.extension };
    const own = await ownSettings().catch(() => null);
    return own ? { wsServer: own.wsServer, extension: own.extension } : null;
  });
  const [reach, setReach] = createSignal<Reach | 'testing' | null>(null);
  const devices = () => {
    const ext = settings()?.extension;
    return ext && liveReady() ? (live.extensions[ext]?.devices.length ?? 0) : undefined;
  };
  const test = async (url: string) => {
    setReach('testing');
    setReach(await probeWebSocket(url));
  };
  return (
    <section class="card check-card" aria-labelledby="check-pbx">
      <h2 id="check-pbx">Connection to the PBX</h2>
      <Show when={!settings.loading} fallback={<Status id="check-pbx-status" tone="info">Reading your softphone settings…</Status>}>
        <Show
          when={settings()}
          fallback={
            <Status id="check-pbx-status" tone="warn">
              No softphone settings: you have no extension of your own. Enter the settings in the softphone's Settings tab.
            </Status>
          }
        >
          {(s) => (
            <>
              <p>
                SIP WebSocket server: <span class="mono">{s().wsServer}</span>
              </p>
              <Switch fallback={<Status id="check-pbx-status" tone="info">Not tested yet.</Status>}>
                <Match when={reach() === 'testing'}>
                  <Status id="check-pbx-status" tone="info">Connecting…</Status>
                </Match>
                <Match when={reach() as Reach | null}>
                  {(r) => (
                    <Status id="check-pbx-status" tone={r().ok ? 'ok' : 'danger'}>
                      {r().ok ? `Reachable: the PBX answered in ${(r() as { ms: number }).ms} ms.` : (r() as { reason: string }).reason}
                    </Status>
                  )}
                </Match>
              </Switch>
              <Show when={devices() !== undefined}>
                <p class="muted" data-testid="check-pbx-devices">
                  The PBX has {devices() === 1 ? '1 device' : `${devices()} devices`} registered on extension {s().extension}
                  {devices() ? '.' : ': open the softphone to register this browser.'}
                </p>
              </Show>
              <div class="check-actions">
                <button type="button" class="button button-primary" disabled={reach() === 'testing'} onClick={() => void test(s().wsServer)}>
                  Test connection
                </button>
              </div>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
