// Administration → Rates, the CSV import against msw: a file with bad lines
// changes nothing and every bad line the server names (400 `{ error, lines }`)
// is listed; a good file's counts are shown and the list is read again.
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { AdminRate, RateImportResult, TenantSettings } from '../../common/admin.ts';
import AdminRates from '../../client/src/pages/AdminRates.tsx';
import { componentTests, pickFiles, user } from '../helpers/components.tsx';

const SETTINGS = { currency: 'EUR' } as TenantSettings;
const CSV = 'prefix,per_minute,first_increment,increment\n+44,0.012,60,60\n+1,0.009,6,6\n';

let rates: AdminRate[] = [];
let imported: { csv: string; replace: boolean }[] = [];
const { test, api } = componentTests(
  http.get('/api/admin/rates', () => HttpResponse.json({ rates })),
  http.get('/api/admin/settings', () => HttpResponse.json(SETTINGS)),
  http.post('/api/admin/rates/import', async ({ request }) => {
    imported.push((await request.json()) as { csv: string; replace: boolean });
    rates = [
      { id: 'r-44', prefix: '+44', perMinute: '0.012000', firstIncrement: 60, increment: 60 },
      { id: 'r-1', prefix: '+1', perMinute: '0.009000', firstIncrement: 6, increment: 6 },
    ];
    const result: RateImportResult = { created: 1, updated: 1, removed: 0, unchanged: 0 };
    return HttpResponse.json(result);
  }),
);
test.before.each(() => {
  rates = [{ id: 'r-1', prefix: '+1', perMinute: '0.010000', firstIncrement: 60, increment: 60 }];
  imported = [];
});

async function openImport() {
  const you = user();
  render(() => <AdminRates />);
  await screen.findByTestId('rate-+1');
  await you.click(screen.getByRole('button', { name: 'Import CSV' }));
  return { you, form: screen.getByRole('form', { name: 'Import rates from CSV' }) };
}

test('a file with bad lines: the server’s message and every bad line are listed', async () => {
  api.use(
    http.post('/api/admin/rates/import', () =>
      HttpResponse.json(
        {
          error: '2 lines are not valid rates; nothing was imported.',
          lines: [
            { line: 3, error: 'A per-minute rate is like 0.012 (at most 6 decimals).' },
            { line: 5, error: 'A prefix is + and up to 15 digits.' },
          ],
        },
        { status: 400 },
      ),
    ),
  );
  const { you, form } = await openImport();
  await you.type(within(form).getByLabelText('Or paste the CSV'), 'prefix,per_minute,first_increment,increment');
  await you.click(within(form).getByRole('button', { name: 'Import' }));

  const error = await screen.findByTestId('rate-import-error');
  assert.is(within(error).getByText(/nothing was imported/).textContent, '2 lines are not valid rates; nothing was imported.');
  assert.equal(
    within(error)
      .getAllByRole('listitem')
      .map((li) => li.textContent),
    ['Line 3: A per-minute rate is like 0.012 (at most 6 decimals).', 'Line 5: A prefix is + and up to 15 digits.'],
  );
  assert.is(screen.getByTestId('rate-import-result').textContent, '');
  assert.ok(screen.getByTestId('rate-+1'), 'the list is as it was');
});

test('a chosen file is read into the form; importing it shows the counts and the new list', async () => {
  const { you, form } = await openImport();
  pickFiles(within(form).getByLabelText('CSV file'), new File([CSV], 'rates.csv', { type: 'text/csv' }));
  await waitFor(() => assert.is((within(form).getByLabelText('Or paste the CSV') as HTMLTextAreaElement).value, CSV));
  await you.click(within(form).getByLabelText('Replace: remove the rates the file does not list'));
  await you.click(within(form).getByRole('button', { name: 'Import' }));

  await waitFor(() => assert.is(screen.getByTestId('rate-import-result').textContent, 'Imported: 1 created, 1 updated, 0 removed, 0 unchanged.'));
  assert.equal(imported, [{ csv: CSV, replace: true }]);
  await screen.findByTestId('rate-+44');
  assert.is(screen.queryByTestId('rate-import-error'), null);
  assert.equal(
    api.calls.filter((c) => c.path === '/api/admin/rates').length,
    2,
    'the list was read again after the import',
  );
});

test('an empty file is refused before anything is sent', async () => {
  const { you, form } = await openImport();
  await you.click(within(form).getByRole('button', { name: 'Import' }));
  assert.is((await screen.findByTestId('rate-import-error')).textContent, 'The file is empty.');
  assert.equal(imported, []);
  assert.ok(api.calls.every((c) => c.method === 'GET'));
});

test.run();
