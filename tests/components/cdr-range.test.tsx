// The CDR page's date filter against msw: each choice asks the server for
// the calls of that range (local days, as instants), the rows it answers are
// what the table shows, and the CSV link exports the same range.
import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { CdrPage, CdrRow } from '../../common/cdr.ts';
import Cdr from '../../client/src/pages/Cdr.tsx';
import { componentTests, user } from '../helpers/components.tsx';

const call = (uuid: string, startedAt: string, more: Partial<CdrRow> = {}): CdrRow => ({
  uuid,
  extension: '1001',
  direction: 'inbound',
  status: 'answered',
  callerIdName: 'Alice Moreno',
  callerIdNumber: '+14155550100',
  destination: '1001',
  startedAt,
  answeredAt: startedAt,
  endedAt: startedAt,
  duration: 245,
  billsec: 240,
  hangupCause: 'NORMAL_CLEARING',
  readCodec: 'PCMU',
  writeCodec: 'PCMU',
  sipCallId: `${uuid}@pbx`,
  recorded: false,
  cost: null,
  quality: null,
  ...more,
});

/** Pages the fake server answers, by the query it is asked (from, to, before). */
let pages: Record<string, CdrPage> = {};
const { test, api } = componentTests(
  http.get('/api/cdr', ({ request }) => {
    const q = new URL(request.url).searchParams;
    const key = ['from', 'to', 'before'].map((k) => q.get(k) ?? '').join('|');
    return HttpResponse.json(pages[key] ?? { rows: [], next: null });
  }),
);
test.before.each(() => {
  pages = {};
});

/** Local midnight `days` from today, as the ISO instant the page sends. */
const midnight = (days = 0, from = new Date()) => new Date(from.getFullYear(), from.getMonth(), from.getDate() + days).toISOString();
const cdrRequests = () => api.calls.filter((c) => c.path === '/api/cdr').map((c) => Object.fromEntries(c.query));
const shownRows = () =>
  screen.queryAllByTestId('cdr-row').map((row) =>
    within(row)
      .getAllByRole('cell')
      .slice(1)
      .map((cell) => cell.textContent),
  );
const csvQuery = () => Object.fromEntries(new URL(screen.getByTestId('cdr-csv').getAttribute('href')!, 'http://localhost').searchParams);

test('the page opens on the last 7 days: that range is asked for and its calls are listed, newest first', async () => {
  const sixDaysAgo = midnight(-6);
  pages[`${sixDaysAgo}||`] = {
    rows: [
      call('c2', new Date().toISOString(), { direction: 'outbound', status: 'busy', callerIdName: '', callerIdNumber: '1001', destination: '+442079460958', duration: 7 }),
      call('c1', midnight(-2)),
    ],
    next: null,
  };
  render(() => <Cdr />);
  await waitFor(() => assert.is(shownRows().length, 2));
  assert.equal(shownRows(), [
    ['1001', '+442079460958', 'Outbound', 'Busy', '0:07'],
    ['Alice Moreno <+14155550100>', '1001', 'Inbound', 'Answered', '4:05'],
  ]);
  assert.equal(cdrRequests(), [{ from: sixDaysAgo }]);
  assert.ok((screen.getByLabelText('Last 7 days') as HTMLInputElement).checked);
  assert.equal(csvQuery(), { from: sixDaysAgo });
});

test('choosing Today asks for today only and shows that answer instead', async () => {
  pages[`${midnight(-6)}||`] = { rows: [call('old', midnight(-3))], next: null };
  pages[`${midnight(0)}||`] = { rows: [call('new', new Date().toISOString(), { callerIdName: 'Bob', callerIdNumber: '1002' })], next: null };
  render(() => <Cdr />);
  await waitFor(() => assert.is(shownRows().length, 1));
  await user().click(screen.getByLabelText('Today'));
  await waitFor(() => assert.equal(shownRows()[0]?.[0], 'Bob <1002>'));
  assert.is(shownRows().length, 1);
  assert.equal(cdrRequests(), [{ from: midnight(-6) }, { from: midnight(0) }]);
  assert.equal(csvQuery(), { from: midnight(0) });
});

test('a custom range sends both days’ bounds (the end day included); a reversed one is refused without a request', async () => {
  const first = new Date(2024, 10, 1);
  pages[`${midnight(0, first)}|${midnight(5, first)}|`] = { rows: [call('nov', new Date(2024, 10, 3, 9, 30).toISOString())], next: null };
  render(() => <Cdr />);
  await waitFor(() => assert.is(cdrRequests().length, 1));
  await user().click(screen.getByLabelText('Custom'));
  fireEvent.change(screen.getByTestId('range-from'), { target: { value: '2024-11-01' } });
  fireEvent.change(screen.getByTestId('range-to'), { target: { value: '2024-11-05' } });

  await waitFor(() => assert.equal(shownRows().map((r) => r[0]), ['Alice Moreno <+14155550100>']));
  const range = { from: midnight(0, first), to: midnight(5, first) };
  assert.equal(cdrRequests().at(-1), range);
  assert.equal(csvQuery(), range);

  const asked = cdrRequests().length;
  fireEvent.change(screen.getByTestId('range-from'), { target: { value: '2024-11-09' } });
  assert.is((await screen.findByText('Pick a start date on or before the end date.')).getAttribute('role'), 'alert');
  assert.is(screen.queryByTestId('cdr-csv'), null);
  assert.is(cdrRequests().length, asked, 'no request for a reversed range');
});

test('"Load older calls" asks for the page before the last one and adds it below', async () => {
  const from = midnight(-6);
  pages[`${from}||`] = { rows: [call('c3', midnight(-1)), call('c2', midnight(-2))], next: 'c2-marker' };
  pages[`${from}||c2-marker`] = { rows: [call('c1', midnight(-5), { callerIdName: 'Carol', callerIdNumber: '1003' })], next: null };
  render(() => <Cdr />);
  await user().click(await screen.findByRole('button', { name: 'Load older calls' }));
  await waitFor(() => assert.is(shownRows().length, 3));
  assert.is(shownRows()[2]?.[0], 'Carol <1003>');
  assert.equal(cdrRequests(), [{ from }, { from, before: 'c2-marker' }]);
  assert.is(screen.queryByRole('button', { name: 'Load older calls' }), null);
});

test('an empty range says so; a failed load shows the server’s words', async () => {
  render(() => <Cdr />);
  assert.ok(await screen.findByText('No calls in this date range.'));
  api.use(http.get('/api/cdr', () => HttpResponse.json({ error: 'The CDR store is being rebuilt. Try again in a minute.' }, { status: 503 })));
  await user().click(screen.getByLabelText('This month'));
  assert.is((await screen.findByRole('alert')).textContent, 'The CDR store is being rebuilt. Try again in a minute.');
});

test.run();
