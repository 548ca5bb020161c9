// The call's quality in the call view: the one-way-audio warnings always (a
// person must not talk into a dead line), and behind a "Call quality" toggle
// the connection in words, the figures from getStats, an estimated MOS and
// the microphone's live level.
import { createSignal, Show, type JSX } from 'solid-js';
import type { CallQuality } from './monitor.ts';
import { mosWord } from './mos.ts';
import { NO_SOUND_IN, NO_SOUND_OUT } from './one-way.ts';
import { dtlsInWords, iceInWords } from './states.ts';
import { LevelMeter } from './LevelMeter.tsx';
import './quality.css';

const ms = (value: number | null) => (value === null ? '—' : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);
const pct = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} %`);
const count = (n: number) => n.toLocaleString('en');

export function QualityPanel(props: { quality: CallQuality }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const f = () => props.quality.figures;
  const mos = () => f()?.mos ?? null;
  const ice = () => (props.quality.ice ? iceInWords(props.quality.ice) : null);
  const dtls = () => dtlsInWords(props.quality.dtls);
  return (
    <section class="sp-quality" aria-label="Call quality" data-testid="quality">
      <Show when={props.quality.oneWay.noSoundIn}>
        <p class="sp-quality-warning" role="alert" data-testid="quality-no-sound-in">
          {NO_SOUND_IN}
        </p>
      </Show>
      <Show when={props.quality.oneWay.noSoundOut}>
        <p class="sp-quality-warning" role="alert" data-testid="quality-no-sound-out">
          {NO_SOUND_OUT}
        </p>
      </Show>
      <button type="button" class="sp-quality-toggle" aria-expanded={open()} aria-controls="sp-quality-details" onClick={() => setOpen((o) => !o)}>
        <span>Call quality</span>
        <Show when={mos()} fallback={<span class="muted">measuring…</span>}>
          {(m) => (
            <span class="badge" data-state={mosWord(m()) === 'good' ? 'ok' : mosWord(m()) === 'fair' ? 'warn' : 'danger'}>
              {mosWord(m())}
            </span>
          )}
        </Show>
      </button>
      <Show when={open()}>
        <div id="sp-quality-details">
          <dl
            class="sp-quality-figures"
            data-testid="quality-details"
            data-rtt-ms={f()?.rttMs ?? ''}
            data-packets-received={f()?.packetsReceived ?? ''}
            data-packets-sent={f()?.packetsSent ?? ''}
          >
            <dt>Connection</dt>
            <dd data-testid="quality-ice" data-tone={ice()?.tone}>
              {ice()?.text ?? '—'}
            </dd>
            <dt>Encryption</dt>
            <dd data-testid="quality-dtls" data-tone={dtls().tone}>
              {dtls().text}
            </dd>
            <dt>Round trip</dt>
            <dd class="mono" data-testid="quality-rtt">{ms(f()?.rttMs ?? null)}</dd>
            <dt>Jitter</dt>
            <dd class="mono">{ms(f()?.jitterMs ?? null)}</dd>
            <dt>Packet loss</dt>
            <dd class="mono">
              {pct(f()?.lossPercent ?? null)} now, {pct(f()?.totalLossPercent ?? null)} in all
            </dd>
            <dt>Packets</dt>
            <dd class="mono" data-testid="quality-packets">
              {count(f()?.packetsReceived ?? 0)} received · {count(f()?.packetsSent ?? 0)} sent
            </dd>
            <dt>Estimated MOS</dt>
            <dd class="mono" data-testid="quality-mos">
              {mos() === null ? '—' : `${mos()!.toFixed(2)} (${mosWord(mos()!)})`}
            </dd>
          </dl>
          <LevelMeter track={props.quality.track} label="Your microphone" id="sp-quality-mic" />
        </div>
      </Show>
    </section>
  );
}
