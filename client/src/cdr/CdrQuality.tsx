// FreeSWITCH's own audio figures for a leg on the PBX CDR page: its MOS with a
// word, then what it counted (packets in and out, flaws: lost or late
// packets) and the jitter as the variance of packet arrival, in its terms.
import { Show, type JSX } from 'solid-js';
import type { RtpAudioQuality } from '../../../common/cdr.ts';
import { mosWord } from '../softphone/quality/mos.ts';

const TONE = { good: 'ok', fair: 'warn', poor: 'danger' } as const;
const n = (value: number) => value.toLocaleString('en');

export function CdrQuality(props: { quality: RtpAudioQuality | null }): JSX.Element {
  return (
    <Show when={props.quality} fallback={<span class="muted">no media</span>}>
      {(q) => (
        <div class="cdr-quality">
          <span class="badge" data-state={TONE[mosWord(q().mos)]} data-mos={q().mos.toFixed(2)}>
            MOS {q().mos.toFixed(2)} {mosWord(q().mos)}
          </span>
          <span class="muted cdr-quality-figures" data-testid="cdr-quality-figures">
            <span>{n(q().packetsIn)} in · {n(q().packetsOut)} out · {n(q().flawsIn)} flaws</span>{' '}
            <span>· jitter var. {q().jitterMaxVariance.toFixed(2)} ms² · loss {q().jitterLossRate.toFixed(2)}</span>
          </span>
        </div>
      )}
    </Show>
  );
}
