// The Follow Me editor against msw: destinations added, removed and moved
// are what is saved, in ring order; a mistake is named before anything is
// sent; the server's refusal is shown and the form stays as typed.
import { Route } from '@solidjs/router';
import { screen, waitFor } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { FollowMe, FollowMeRequest } from '../../common/follow-me.ts';
import FollowMeEdit from '../../client/src/pages/FollowMeEdit.tsx';
import type { FollowMeList } from '../../client/src/pages/FollowMe.tsx';
import { componentTests, renderAt, stub, user, valueOf } from '../helpers/components.tsx';

const LIST: FollowMeList = {
  followMes: [
    {
      extension: '1001',
      enabled: true,
      destinations: [
        { destination: '1002', delay: 0, timeout: 20 },
        { destination: '+14155550123', delay: 10, timeout: 30 },
        { destination: '1005', delay: 40, timeout: 25 },
      ],
    },
  ],
  extensions: ['1001', '1003', '1004'],
};

/** What each PUT carried, by extension. */
let saved: { extension: string; body: FollowMeRequest }[] = [];
const { test, api } = componentTests(
  http.get('/api/follow-me', () => HttpResponse.json(LIST)),
  http.put<{ extension: string }, FollowMeRequest>('/api/follow-me/:extension', async ({ params, request }) => {
    const body = await request.json();
    saved.push({ extension: params.extension, body });
    return HttpResponse.json({ extension: params.extension, ...body } as FollowMe);
  }),
);
test.before.each(() => {
  saved = [];
});

function openEditor(path: string) {
  const page = renderAt(path, () => (
    <>
      <Route path="/pbx/follow-me" component={stub('Follow Me list')} />
      <Route path="/pbx/follow-me/new" component={FollowMeEdit} />
      <Route path="/pbx/follow-me/:extension" component={FollowMeEdit} />
    </>
  ));
  return { page, you: user() };
}

const rows = () => screen.queryAllByTestId('destination-row');
const destinations = () => rows().map((_, i) => valueOf(screen.getByLabelText(`Destination ${i + 1}`)));
const errorText = async () => (await screen.findByTestId('follow-me-error')).textContent;

test('a new Follow Me saves the destinations added, without the one removed, and goes back to the list', async () => {
  const { page, you } = openEditor('/pbx/follow-me/new');
  const extension = await screen.findByLabelText('Extension');
  // Only the extensions without a Follow Me are offered.
  assert.equal(
    [...(extension as HTMLSelectElement).options].map((o) => o.value),
    ['1003', '1004'],
  );
  await you.selectOptions(extension, '1004');
  assert.is(rows().length, 1);

  await you.type(screen.getByLabelText('Destination 1'), '1002');
  await you.click(screen.getByRole('button', { name: 'Add destination' }));
  await you.click(screen.getByRole('button', { name: 'Add destination' }));
  assert.is(rows().length, 3);
  await you.type(screen.getByLabelText('Destination 2'), '1099');
  await you.type(screen.getByLabelText('Destination 3'), '+44 20 7946 0958'.replaceAll(' ', ''));
  const delays = screen.getAllByLabelText('Delay (s)');
  await you.clear(delays[2]!);
  await you.type(delays[2]!, '15');

  await you.click(screen.getByRole('button', { name: 'Remove destination 2' }));
  assert.equal(destinations(), ['1002', '+442079460958']);

  await you.click(screen.getByRole('button', { name: 'Save' }));
  await screen.findByRole('heading', { name: 'Follow Me list' });
  assert.is(page.location(), '/pbx/follow-me');
  assert.equal(saved, [
    {
      extension: '1004',
      body: {
        enabled: true,
        destinations: [
          { destination: '1002', delay: 0, timeout: 20 },
          { destination: '+442079460958', delay: 15, timeout: 20 },
        ],
      },
    },
  ]);
});

test('editing shows the saved cascade; moving, removing and disabling are what is saved', async () => {
  const { you } = openEditor('/pbx/follow-me/1001');
  assert.ok(screen.getByRole('heading', { name: 'Follow Me of 1001' }));
  await screen.findByLabelText('Destination 1');
  assert.equal(destinations(), ['1002', '+14155550123', '1005']);
  assert.is(valueOf(screen.getAllByLabelText('Delay (s)')[1]!), '10');

  await you.click(screen.getByRole('button', { name: 'Move destination 3 up' }));
  assert.equal(destinations(), ['1002', '1005', '+14155550123']);
  await you.click(screen.getByRole('button', { name: 'Remove destination 1' }));
  await you.click(screen.getByLabelText('Enabled'));
  await you.click(screen.getByRole('button', { name: 'Save' }));

  await screen.findByRole('heading', { name: 'Follow Me list' });
  assert.equal(saved, [
    {
      extension: '1001',
      body: {
        enabled: false,
        destinations: [
          { destination: '1005', delay: 40, timeout: 25 },
          { destination: '+14155550123', delay: 10, timeout: 30 },
        ],
      },
    },
  ]);
});

test('a destination that is neither an extension nor an international number is named, and nothing is sent', async () => {
  const { you } = openEditor('/pbx/follow-me/new');
  await you.type(await screen.findByLabelText('Destination 1'), '020 7946 0958');
  await you.click(screen.getByRole('button', { name: 'Save' }));
  assert.match(await errorText(), /^Destination 1: "020 7946 0958" is neither an extension/);

  await you.click(screen.getByRole('button', { name: 'Remove destination 1' }));
  await you.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => assert.is(screen.getByTestId('follow-me-error').textContent, 'Add at least one destination.'));
  assert.equal(saved, []);
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/follow-me'],
  );
});

test('the server’s refusal (400) is shown, and the form keeps what was typed', async () => {
  api.use(
    http.put('/api/follow-me/:extension', () =>
      HttpResponse.json({ error: 'Destination 2: extension 1099 is not in your organisation.' }, { status: 400 }),
    ),
  );
  const { page, you } = openEditor('/pbx/follow-me/1001');
  await you.clear(await screen.findByLabelText('Destination 2'));
  await you.type(screen.getByLabelText('Destination 2'), '1099');
  await you.click(screen.getByRole('button', { name: 'Save' }));

  assert.is(await errorText(), 'Destination 2: extension 1099 is not in your organisation.');
  assert.ok(screen.getAllByRole('alert').some((a) => a.contains(screen.getByTestId('follow-me-error'))));
  assert.is(page.location(), '/pbx/follow-me/1001');
  assert.equal(destinations(), ['1002', '1099', '1005']);
  // Ready for another try.
  assert.ok(screen.getByRole('button', { name: 'Save' }));
});

test.run();
