// A microphone's live level as a native <meter>, labelled, for the call's
// quality panel and the pre-call check page.
import { createEffect, createSignal, onCleanup, type JSX } from 'solid-js';
import { meterTrack } from './meter.ts';

export function LevelMeter(props: { track: MediaStreamTrack | null; label: string; id: string }): JSX.Element {
  const [level, setLevel] = createSignal(0);
  createEffect(() => {
    const track = props.track;
    if (!track) return setLevel(0);
    const meter = meterTrack(track, setLevel);
    onCleanup(() => meter.stop());
  });
  return (
    <div class="sp-level">
      <label for={props.id}>{props.label}</label>
      <meter id={props.id} min={0} max={1} low={0.15} high={0.9} optimum={0.5} value={level()} data-testid={props.id} data-level={level().toFixed(2)}>
        {Math.round(level() * 100)} %
      </meter>
    </div>
  );
}
