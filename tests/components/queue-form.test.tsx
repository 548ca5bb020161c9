// Administration → Queues, the queue form's wallboard alerts against msw:
// the thresholds shown are the queue's; what is typed is what is saved (an
// emptied field is no alert: null); a threshold out of range is refused in
// the schema's words before any request; the server's answer is kept.
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { AdminQueue, AdminUser, QueueSave } from '../../common/admin.ts';
import { QueueForm } from '../../client/src/admin/QueueForm.tsx';
import { componentTests, user, valueOf } from '../helpers/components.tsx';

const ALICE: AdminUser = {
  id: '3d3c1f0e-8a7b-4c2d-9e1f-0a1b2c3d4e5f',
  email: 'alice@acme.example',
  name: 'Alice Moreno',
  role: 'agent',
  locked: false,
  disabled: false,
  failedSignIns: 0,
  secondFactor: false,
  extensions: ['1001'],
  createdAt: '2025-01-01T00:00:00.000Z',
};
const SALES: AdminQueue = {
  id: '7e1b6c0e-1111-4c2d-9e1f-0a1b2c3d4e5f',
  name: 'sales',
  strategy: 'longest-idle-agent',
  maxWaitTime: 0,
  wrapUpTime: 10,
  tiers: [{ userId: ALICE.id, name: ALICE.name, email: ALICE.email, extension: '1001', level: 1, position: 1 }],
  alerts: { longestWaitSeconds: 60, waitingCallers: 3, serviceLevelPercent: null },
};

let sent: QueueSave[] = [];
const { test, api } = componentTests(
  http.put<{ id: string }, QueueSave>('/api/admin/queues/:id', async ({ request }) => {
    const body = await request.json();
    sent.push(body);
    return HttpResponse.json({ ...SALES, alerts: body.alerts ?? SALES.alerts });
  }),
);
test.before.each(() => {
  sent = [];
});

function openForm() {
  const saved: AdminQueue[] = [];
  render(() => <QueueForm queue={SALES} users={[ALICE]} onSaved={(q) => saved.push(q)} onCancel={() => {}} />);
  const form = screen.getByRole('form', { name: 'Queue sales' });
  const field = (label: string) => within(form).getByLabelText(label) as HTMLInputElement;
  return {
    you: user(),
    saved,
    wait: () => field('Longest wait at least (s)'),
    waiting: () => field('Callers waiting at least'),
    level: () => field('Service level below (%)'),
    save: () => within(form).getByRole('button', { name: /^(Save|Saving…)$/ }),
    alert: () => within(form).getByRole('alert').textContent,
  };
}

test("the queue's thresholds are shown; an emptied one is saved as no alert, a typed one as its number", async () => {
  const { you, saved, wait, waiting, level, save } = openForm();
  assert.equal([wait(), waiting(), level()].map(valueOf), ['60', '3', '']);
  await you.clear(wait());
  await you.clear(waiting());
  await you.type(waiting(), '5');
  await you.type(level(), '80');
  await you.click(save());
  await waitFor(() => assert.is(saved.length, 1, 'the page is given the saved queue'));
  assert.is(sent.length, 1);
  assert.equal(sent[0]!.alerts, { longestWaitSeconds: null, waitingCallers: 5, serviceLevelPercent: 80 });
  assert.equal(saved.map((q) => q.alerts), [{ longestWaitSeconds: null, waitingCallers: 5, serviceLevelPercent: 80 }]);
});

test('a threshold out of range or not a whole number is refused in words before any request', async () => {
  const { you, level, waiting, save, alert } = openForm();
  await you.type(level(), '101');
  await you.click(save());
  assert.is(alert(), 'The service-level alert (%) is at most 100, or empty for no alert.');
  await you.clear(level());
  await you.clear(waiting());
  await you.type(waiting(), '0');
  await you.click(save());
  assert.is(alert(), 'The callers-waiting alert is at least 1, or empty for no alert.');
  assert.is(api.calls.filter((c) => c.method === 'PUT').length, 0);
});

test.run();
