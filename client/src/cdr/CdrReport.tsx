// Both CDR pages: the date filter, the CSV link for the filtered set, the
// calls newest first (new ones appear on top live) and "Load older calls".
// `detail` adds FreeSWITCH's view: codec, hangup cause, its own audio
// quality figures (MOS, packets, flaws, jitter), SIP call ID, recording.
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { CdrRow } from '../../../common/cdr.ts';
import { ListStates } from '../shell/ListStates.tsx';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';
import { callerId, formatCallTime, formatDuration, statusLabel, statusState } from './format.ts';
import { CdrQuality } from './CdrQuality.tsx';
import { createCdrList } from './list.ts';
import { dateInputValue, PRESETS, rangeOf, rangeQuery, type RangePreset } from './range.ts';
import './cdr.css';

export function CdrReport(props: { title: string; lede: string; detail: boolean }): JSX.Element {
  const [preset, setPreset] = createSignal<RangePreset>('7days');
  const today = dateInputValue(new Date());
  const [customFrom, setCustomFrom] = createSignal(today);
  const [customTo, setCustomTo] = createSignal(today);
  // Recomputed when the filter changes; "today" stays the day the filter was picked.
  const range = createMemo(() => rangeOf(preset(), new Date(), customFrom(), customTo()));
  const list = createCdrList(range);
  const [playing, setPlaying] = createSignal<string>();

  return (
    <div class="page">
      <PageHeading title={props.title}>
        <p class="page-lede">{props.lede}</p>
      </PageHeading>
      <form class="card cdr-filter" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
        <fieldset class="cdr-presets">
          <legend class="visually-hidden">Calls from</legend>
          <For each={PRESETS}>
            {(p) => (
              <label class="cdr-preset" data-testid={`range-${p.value}`}>
                <input type="radio" name="range" value={p.value} checked={preset() === p.value} onChange={() => setPreset(p.value)} />
                <span>{p.label}</span>
              </label>
            )}
          </For>
        </fieldset>
        <Show when={preset() === 'custom'}>
          <label class="field cdr-date">
            <span>From</span>
            <input type="date" value={customFrom()} max={today} onChange={(e) => setCustomFrom(e.currentTarget.value)} data-testid="range-from" />
          </label>
          <label class="field cdr-date">
            <span>To</span>
            <input type="date" value={customTo()} max={today} onChange={(e) => setCustomTo(e.currentTarget.value)} data-testid="range-to" />
          </label>
        </Show>
        <span class="topbar-spacer" />
        <Show when={range()} fallback={<p class="callout callout-error" role="alert">Pick a start date on or before the end date.</p>}>
          {(r) => (
            <a class="button button-secondary" href={`/api/cdr.csv?${rangeQuery(r())}`} download="" data-testid="cdr-csv">
              Export CSV
            </a>
          )}
        </Show>
      </form>
      <ListStates error={list.error()} rows={list.rows()} empty={<p>No calls in this date range.</p>}>
        {(rows) => (
          <>
            <TableCard
              class="cdr-table"
              testId="cdr-table"
              caption="Your calls, newest first"
              head={
                <>
                  <th scope="col">Date/time</th>
                  <th scope="col">Caller ID</th>
                  <th scope="col">Destination</th>
                  <th scope="col">Direction</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">Duration</th>
                  <Show when={props.detail}>
                    <th scope="col">Codec</th>
                    <th scope="col">Hangup cause</th>
                    <th scope="col">Audio quality</th>
                    <th scope="col">SIP call ID</th>
                    <th scope="col">Recording</th>
                  </Show>
                </>
              }
            >
              <For each={rows()}>{(row) => <CallRow row={row} detail={props.detail} playing={playing()} play={setPlaying} />}</For>
            </TableCard>
            <Show when={list.next()}>
              <p class="cdr-more">
                <button type="button" class="button button-secondary" disabled={list.loadingMore()} onClick={() => void list.loadMore()}>
                  {list.loadingMore() ? 'Loading…' : 'Load older calls'}
                </button>
              </p>
            </Show>
          </>
        )}
      </ListStates>
    </div>
  );
}

function CallRow(props: { row: CdrRow; detail: boolean; playing: string | undefined; play: (uuid: string) => void }): JSX.Element {
  const r = () => props.row;
  return (
    <tr data-testid="cdr-row" data-uuid={r().uuid}>
      <td>{formatCallTime(r().startedAt)}</td>
      <td>{callerId(r())}</td>
      <td class="mono">{r().destination}</td>
      <td>{r().direction === 'inbound' ? 'Inbound' : 'Outbound'}</td>
      <td>
        <span class="badge" data-state={statusState(r())}>{statusLabel(r())}</span>
      </td>
      <td class="num mono" title={`Billed ${r().billsec} s`}>{formatDuration(r().duration)}</td>
      <Show when={props.detail}>
        <td class="mono">{r().readCodec ? (r().readCodec === r().writeCodec ? r().readCodec : `${r().readCodec} / ${r().writeCodec}`) : '—'}</td>
        <td class="mono">{r().hangupCause}</td>
        <td data-testid="cdr-quality">
          <CdrQuality quality={r().quality} />
        </td>
        <td class="mono cdr-callid" title={r().sipCallId}>{r().sipCallId || '—'}</td>
        <td>
          <Show when={r().recorded} fallback={<span class="muted">—</span>}>
            <Show
              when={props.playing === r().uuid}
              fallback={
                <button type="button" class="button button-secondary" onClick={() => props.play(r().uuid)} aria-label={`Play the recording of the call at ${formatCallTime(r().startedAt)}`}>
                  Play
                </button>
              }
            >
              <audio class="cdr-audio" controls autoplay preload="metadata" src={`/api/cdr/${r().uuid}/recording`} />
            </Show>
          </Show>
        </td>
      </Show>
    </tr>
  );
}
