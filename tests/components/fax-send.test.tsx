// Send Fax against msw: a number that cannot be dialled is refused before
// any upload, the server's refusal of the document is shown, and a fax
// accepted by the server goes on the outbound list after the progress bar.
import { Route } from '@solidjs/router';
import { screen, waitFor } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { OutboundFaxRow } from '../../common/fax.ts';
import FaxSend from '../../client/src/pages/FaxSend.tsx';
import { componentTests, deferred, pickFiles, renderAt, stub, user } from '../helpers/components.tsx';

const PDF = () => new File(['%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'], 'quarterly report.pdf', { type: 'application/pdf' });

const QUEUED: OutboundFaxRow = {
  id: 'f-1',
  to: '+442079460958',
  subject: 'Q3',
  coverTemplate: 'business',
  pages: 2,
  sentPages: null,
  status: 'queued',
  reason: null,
  attempts: 0,
  maxAttempts: 3,
  createdAt: '2025-01-01T00:00:00.000Z',
  completedAt: null,
};

const { test, api } = componentTests();

function openSendFax() {
  const page = renderAt('/fax/send', () => (
    <>
      <Route path="/fax/send" component={FaxSend} />
      <Route path="/fax/outbound" component={stub('Outbound Fax list')} />
    </>
  ));
  return { page, you: user() };
}

const send = (you: ReturnType<typeof user>) => you.click(screen.getByRole('button', { name: 'Send fax' }));

test('a number that cannot be dialled is refused at the field, and nothing is uploaded', async () => {
  const { you } = openSendFax();
  const to = screen.getByLabelText('To');
  pickFiles(screen.getByLabelText('PDF document'), PDF());
  for (const [typed, refusal] of [
    ['0044 20 7946 0958', 'Write international numbers with + and the country code, e.g. +44 20 7946 0958.'],
    ['+44 20', 'An international number is + then the country code and number: 7 to 15 digits.'],
    ['fax me', 'A fax number has only digits (and + for the country code).'],
  ] as const) {
    await you.clear(to);
    await you.type(to, typed);
    await send(you);
    await waitFor(() => assert.is(document.getElementById('fax-to-error')?.textContent, refusal));
    assert.is(to.getAttribute('aria-invalid'), 'true');
    assert.is(to.getAttribute('aria-describedby'), 'fax-to-error');
  }
  assert.is(screen.queryByTestId('fax-progress'), null);
  assert.equal(api.calls, [], 'no request reached the server');
});

test('without a PDF the form says so, and nothing is uploaded', async () => {
  const { you } = openSendFax();
  await you.type(screen.getByLabelText('To'), '+44 20 7946 0958');
  await send(you);
  assert.is((await screen.findByTestId('fax-error')).textContent, 'Choose a PDF document to fax.');
  assert.equal(api.calls, []);
});

test('the server’s refusal of the document is shown, and the form can be sent again', async () => {
  api.use(
    http.post('/api/fax/outbound', () =>
      HttpResponse.json({ error: 'quarterly report.pdf is not a PDF document: only PDF documents can be faxed.' }, { status: 415 }),
    ),
  );
  const { page, you } = openSendFax();
  await you.type(screen.getByLabelText('To'), '+44 20 7946 0958');
  pickFiles(screen.getByLabelText('PDF document'), PDF());
  await send(you);

  assert.is((await screen.findByTestId('fax-error')).textContent, 'quarterly report.pdf is not a PDF document: only PDF documents can be faxed.');
  assert.is(page.location(), '/fax/send');
  assert.is(screen.queryByTestId('fax-progress'), null);
  assert.not.ok((screen.getByRole('button', { name: 'Send fax' }) as HTMLButtonElement).disabled);
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['POST /api/fax/outbound'],
  );
});

test('a fax the server accepts shows the upload under way, then the outbound list', async () => {
  const answer = deferred();
  let received: Record<string, string> = {};
  api.use(
    http.post('/api/fax/outbound', async ({ request }) => {
      const form = await request.formData();
      const file = form.get('file') as File;
      received = {
        to: String(form.get('to')),
        cover: String(form.get('cover')),
        subject: String(form.get('subject')),
        note: String(form.get('note')),
        file: `${file.name} ${(await file.text()).slice(0, 8)}`,
      };
      await answer.promise;
      return HttpResponse.json({ fax: QUEUED }, { status: 201 });
    }),
  );
  const { page, you } = openSendFax();
  await you.type(screen.getByLabelText('To'), '+44 20 7946 0958');
  await you.selectOptions(screen.getByLabelText('Cover page'), 'Business');
  pickFiles(screen.getByLabelText('PDF document'), PDF());
  await you.type(screen.getByLabelText(/^Subject/), 'Q3');
  await you.type(screen.getByLabelText(/^Note/), 'Two pages.');
  await send(you);

  // While the server has not answered: the progress bar, and no second send.
  const progress = await screen.findByTestId('fax-progress');
  assert.is(progress.getAttribute('aria-label'), 'Upload progress');
  assert.ok(screen.getByText('Uploading quarterly report.pdf…'));
  const button = screen.getByRole('button', { name: 'Send fax' }) as HTMLButtonElement;
  assert.ok(button.disabled);
  assert.is(button.getAttribute('aria-busy'), 'true');

  answer.resolve();
  await screen.findByRole('heading', { name: 'Outbound Fax list' });
  assert.is(page.location(), '/fax/outbound');
  assert.equal(received, {
    to: '+44 20 7946 0958',
    cover: 'business',
    subject: 'Q3',
    note: 'Two pages.',
    file: 'quarterly report.pdf %PDF-1.4',
  });
});

test.run();
