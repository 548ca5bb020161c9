// Reports → Queue reports (supervisors and admins): per queue and per agent,
// per 15 minutes, hour or day over a date range, counted from the visits and
// statuses the server stored — the same facts as the wallboard's "today".
// Charts where a shape says more than numbers; the table has every figure.
import { createMemo, createResource, createSignal, For, Show, type JSX } from 'solid-js';
import {
  agentFigures,
  INTERVAL_LABEL,
  queueFigures,
  REPORT_INTERVALS,
  reportQuerySchema,
  type AgentReport,
  type QueueReport,
  type ReportInterval,
} from '../../../common/reports.ts';
import { failureMessage, request } from '../api.ts';
import { dateInputValue } from '../cdr/range.ts';
import { BarChart, PercentLine } from '../reports/charts.tsx';
import { agentLabel, agentTotals, duration, percent, queueSeries, queueTotal, shortLabel } from '../reports/series.ts';
import { PageHeading } from '../shell/PageHeading.tsx';
import { TableCard } from '../shell/TableCard.tsx';
import '../reports/reports.css';

type Kind = 'queues' | 'agents';

const COLORS = { offered: 'var(--accent)', answered: 'var(--ok)', abandoned: 'var(--danger)', level: 'var(--accent)', occupancy: 'var(--ok)' };

export default function Reports(): JSX.Element {
  const today = dateInputValue(new Date());
  const [kind, setKind] = createSignal<Kind>('queues');
  const [from, setFrom] = createSignal(today);
  const [to, setTo] = createSignal(today);
  const [interval, setIntervalChoice] = createSignal<ReportInterval>('hour');
  const [queue, setQueue] = createSignal<string>('');
  const query = createMemo(() => {
    const parsed = reportQuerySchema.safeParse({ from: from(), to: to(), interval: interval() });
    return parsed.success ? { ok: true as const, search: new URLSearchParams({ from: from(), to: to(), interval: interval() }).toString() } : { ok: false as const, error: parsed.error.issues[0]!.message };
  });
  const [data] = createResource(
    () => (query().ok ? `${kind()}?${(query() as { search: string }).search}` : undefined),
    async (path) => {
      try {
        return { kind: path.startsWith('queues') ? ('queues' as const) : ('agents' as const), report: await request<QueueReport | AgentReport>('GET', `/api/reports/${path}`) };
      } catch (err) {
        return { error: failureMessage(err) };
      }
    },
  );

  return (
    <div class="page">
      <PageHeading title="Queue reports">
        <p class="page-lede">Calls offered, answered and abandoned, waits, talk and handle times per queue, and each agent's time in every status, counted from what FreeSWITCH told the server.</p>
      </PageHeading>
      <form class="card report-filter" aria-label="Report" onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          <span>Report</span>
          <select value={kind()} onChange={(e) => setKind(e.currentTarget.value as Kind)} data-testid="report-kind">
            <option value="queues">Queues</option>
            <option value="agents">Agents</option>
          </select>
        </label>
        <label class="field">
          <span>From</span>
          <input type="date" value={from()} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="report-from" />
        </label>
        <label class="field">
          <span>To</span>
          <input type="date" value={to()} onChange={(e) => setTo(e.currentTarget.value)} data-testid="report-to" />
        </label>
        <label class="field">
          <span>Interval</span>
          <select value={interval()} onChange={(e) => setIntervalChoice(e.currentTarget.value as ReportInterval)} data-testid="report-interval">
            <For each={REPORT_INTERVALS}>{(i) => <option value={i}>{INTERVAL_LABEL[i]}</option>}</For>
          </select>
        </label>
        <Show when={kind() === 'queues'}>
          <label class="field">
            <span>Queue</span>
            <select value={queue()} onChange={(e) => setQueue(e.currentTarget.value)} data-testid="report-queue">
              <option value="">All queues</option>
              <For each={(data()?.report as QueueReport | undefined)?.queues ?? []}>{(q) => <option value={q}>{q}</option>}</For>
            </select>
          </label>
        </Show>
        <span class="topbar-spacer" />
        <Show when={query().ok}>
          <a class="button button-secondary" href={`/api/reports/${kind()}?${(query() as { search: string }).search}&format=csv`} download="" data-testid="report-csv">
            Export CSV
          </a>
        </Show>
      </form>
      <Show when={!query().ok}>
        <p class="callout callout-error" role="alert">{(query() as { error: string }).error}</p>
      </Show>
      <Show when={data()?.error}>
        <p class="callout callout-error" role="alert">{data()!.error}</p>
      </Show>
      <Show when={query().ok && !data.loading ? data() : undefined} fallback={<Show when={query().ok}><p class="page-loading" role="status">Loading…</p></Show>}>
        {(d) => (
          <Show when={d().report}>
            {(report) => (
              <Show when={d().kind === 'queues'} fallback={<AgentView report={report() as AgentReport} />}>
                <QueueView report={report() as QueueReport} queue={queue() || undefined} />
              </Show>
            )}
          </Show>
        )}
      </Show>
    </div>
  );
}

function QueueView(props: { report: QueueReport; queue: string | undefined }): JSX.Element {
  const series = createMemo(() => queueSeries(props.report, props.queue));
  const total = createMemo(() => queueTotal(series()));
  const active = createMemo(() => series().filter((s) => s.sums.offered > 0));
  const labels = () => series().map((s) => shortLabel(s.start, props.report.interval));
  const which = () => (props.queue ? `queue ${props.queue}` : 'all queues');
  return (
    <>
      <p class="report-note" data-testid="report-note">
        Intervals in {props.report.timezone} time; a call counts in the interval it joined the queue. Service level = calls answered within {props.report.thresholdSeconds} s ÷ calls answered or abandoned (as on the wallboard).
        Wait: joined → answered. Handle: talk + the agent's wrap-up.
      </p>
      <Show when={total().offered > 0} fallback={<div class="card empty-state" data-testid="report-empty"><p>No queue calls in this date range.</p></div>}>
        <div class="report-charts">
          <BarChart
            title={`Calls per ${INTERVAL_LABEL[props.report.interval].toLowerCase()}, ${which()}`}
            description={`${total().offered} offered, ${total().answered} answered, ${total().abandoned} abandoned from ${props.report.from} to ${props.report.to}.`}
            labels={labels()}
            series={[
              { name: 'Offered', color: COLORS.offered, values: series().map((s) => s.sums.offered) },
              { name: 'Answered', color: COLORS.answered, values: series().map((s) => s.sums.answered) },
              { name: 'Abandoned', color: COLORS.abandoned, values: series().map((s) => s.sums.abandoned) },
            ]}
          />
          <PercentLine
            title={`Service level, ${which()}`}
            description={`Over the range: ${percent(queueFigures(total()).serviceLevel)} answered within ${props.report.thresholdSeconds} s.`}
            labels={labels()}
            name="Service level"
            color={COLORS.level}
            values={series().map((s) => queueFigures(s.sums).serviceLevel)}
          />
        </div>
        <TableCard
          testId="queue-report-table"
          caption={`Queue figures per interval, ${which()}`}
          head={
            <>
              <th scope="col">Interval</th>
              <th scope="col" class="num">Offered</th>
              <th scope="col" class="num">Answered</th>
              <th scope="col" class="num">Abandoned</th>
              <th scope="col" class="num">Avg / longest before abandon</th>
              <th scope="col" class="num">Avg / longest wait</th>
              <th scope="col" class="num">Avg talk</th>
              <th scope="col" class="num">Avg handle</th>
              <th scope="col" class="num">Service level</th>
            </>
          }
        >
          <For each={active()}>{(s) => <QueueRow label={s.start} sums={s.sums} />}</For>
          <QueueRow label="Total" sums={total()} total />
        </TableCard>
      </Show>
    </>
  );
}

function QueueRow(props: { label: string; sums: Parameters<typeof queueFigures>[0]; total?: boolean }): JSX.Element {
  const f = () => queueFigures(props.sums);
  return (
    <tr class={props.total ? 'report-total' : undefined} data-testid="queue-report-row">
      <th scope="row">{props.label}</th>
      <td class="num">{f().offered}</td>
      <td class="num">{f().answered}</td>
      <td class="num">{f().abandoned}</td>
      <td class="num mono">{duration(f().averageAbandon)} / {duration(f().longestAbandon)}</td>
      <td class="num mono">{duration(f().averageWait)} / {duration(f().longestWait)}</td>
      <td class="num mono">{duration(f().averageTalk)}</td>
      <td class="num mono">{duration(f().averageHandle)}</td>
      <td class="num">{percent(f().serviceLevel)}</td>
    </tr>
  );
}

function AgentView(props: { report: AgentReport }): JSX.Element {
  const totals = createMemo(() => agentTotals(props.report));
  const reasons = createMemo(() => [...new Set(totals().flatMap((t) => Object.keys(t.sums.reasons)))].sort());
  return (
    <>
      <p class="report-note" data-testid="report-note">
        Over the whole range, in {props.report.timezone} time. Occupancy = handle time (talk + wrap-up) ÷ time Available. A break counts under the reason the agent gave; "no reason" when it was not taken
        through Switchboard.
      </p>
      <Show when={totals().length > 0} fallback={<div class="card empty-state" data-testid="report-empty"><p>No agent activity in this date range.</p></div>}>
        <div class="report-charts">
          <BarChart
            title="Occupancy per agent"
            description={totals().map((t) => `${agentLabel(t.agent)}: ${percent(agentFigures(t.sums).occupancy)}`).join(', ')}
            labels={totals().map((t) => agentLabel(t.agent))}
            series={[{ name: 'Occupancy (%)', color: COLORS.occupancy, values: totals().map((t) => Math.round((agentFigures(t.sums).occupancy ?? 0) * 100)) }]}
          />
        </div>
        <TableCard
          testId="agent-report-table"
          caption="Agent figures over the range"
          head={
            <>
              <th scope="col">Agent</th>
              <th scope="col" class="num">Answered</th>
              <th scope="col" class="num">Avg talk</th>
              <th scope="col" class="num">Avg handle</th>
              <th scope="col" class="num">Available</th>
              <th scope="col" class="num">On Break</th>
              <For each={reasons()}>{(r) => <th scope="col" class="num">Break: {r || 'no reason'}</th>}</For>
              <th scope="col" class="num">Logged Out</th>
              <th scope="col" class="num">Occupancy</th>
            </>
          }
        >
          <For each={totals()}>
            {(t) => {
              const f = () => agentFigures(t.sums);
              return (
                <tr data-testid="agent-report-row">
                  <th scope="row">{agentLabel(t.agent)}</th>
                  <td class="num">{f().answered}</td>
                  <td class="num mono">{duration(f().averageTalk)}</td>
                  <td class="num mono">{duration(f().averageHandle)}</td>
                  <td class="num mono">{duration(f().available)}</td>
                  <td class="num mono">{duration(f().onBreak)}</td>
                  <For each={reasons()}>{(r) => <td class="num mono">{duration(t.sums.reasons[r] ?? 0)}</td>}</For>
                  <td class="num mono">{duration(f().loggedOut)}</td>
                  <td class="num">{percent(f().occupancy)}</td>
                </tr>
              );
            }}
          </For>
        </TableCard>
      </Show>
    </>
  );
}
