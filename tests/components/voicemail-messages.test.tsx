// Voicemail → Messages, the message list against msw: each box's new and
// saved messages with caller, length, player and download; "Mark saved"
// moves a message to Saved as the server answers it, and the server's
// "no such message" is shown; Delete asks first, sends nothing on Cancel,
// and keeps the dialog open with the server's refusal.
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { VoicemailBox, VoicemailBoxes, VoicemailMessage } from '../../common/voicemail.ts';
import { formatCallTime } from '../../client/src/cdr/format.ts';
import Voicemail from '../../client/src/pages/Voicemail.tsx';
import { componentTests, deferred, user } from '../helpers/components.tsx';

// The server's words (server/http/voicemail.ts).
const NO_SUCH_MESSAGE = 'There is no such voicemail message. It may have been deleted already.';
const PBX_UNAVAILABLE = 'Voicemail is unavailable right now: the PBX cannot be reached. Try again in a moment.';

const MARC: VoicemailMessage = {
  uuid: '5f0c7a52-3b1e-4d8a-9c61-2e7f4b9d0a13',
  folder: 'new',
  callerIdName: 'Marc Robinson',
  callerIdNumber: '+15145551212',
  receivedAt: '2025-03-04T09:15:00.000Z',
  seconds: 64,
  urgent: true,
};
const ESTHER: VoicemailMessage = {
  uuid: '8a2d41e9-6c3f-4b70-a5d8-91e0c7b3f246',
  folder: 'saved',
  callerIdName: '1005',
  callerIdNumber: '1005',
  receivedAt: '2025-03-03T16:40:00.000Z',
  seconds: 7,
  urgent: false,
};

let boxes: VoicemailBox[] = [];
let saved: string[] = [];
let deleted: string[] = [];
const inBox = (extension: string, uuid: string) => boxes.find((b) => b.extension === extension)?.messages.find((m) => m.uuid === uuid);
const { test, api } = componentTests(
  http.get('/api/voicemail', () => HttpResponse.json({ boxes } satisfies VoicemailBoxes)),
  http.post<{ extension: string; uuid: string }>('/api/voicemail/:extension/messages/:uuid/save', ({ params }) => {
    const message = inBox(params.extension, params.uuid);
    if (!message) return HttpResponse.json({ error: NO_SUCH_MESSAGE }, { status: 404 });
    saved.push(`${params.extension}/${params.uuid}`);
    message.folder = 'saved';
    return HttpResponse.json({ message });
  }),
  http.delete<{ extension: string; uuid: string }>('/api/voicemail/:extension/messages/:uuid', ({ params }) => {
    if (!inBox(params.extension, params.uuid)) return HttpResponse.json({ error: NO_SUCH_MESSAGE }, { status: 404 });
    deleted.push(`${params.extension}/${params.uuid}`);
    boxes = boxes.map((b) => ({ ...b, messages: b.messages.filter((m) => m.uuid !== params.uuid) }));
    return new HttpResponse(null, { status: 204 });
  }),
);
test.before.each(() => {
  boxes = [{ extension: '1001', enabled: true, hasPin: false, hasGreeting: false, messages: [structuredClone(MARC), structuredClone(ESTHER)] }];
  saved = [];
  deleted = [];
});

async function openVoicemail() {
  render(() => <Voicemail />);
  await screen.findByTestId('vm-box-1001');
  return user();
}

const rows = (folder: 'new' | 'saved') => within(screen.getByTestId(`vm-${folder}-1001`)).queryAllByTestId('vm-message');
const count = () => screen.getByTestId('vm-box-count').textContent;

test('each box lists its new and saved messages: caller, time, length, a player and a download', async () => {
  await openVoicemail();
  assert.is(screen.getByRole('heading', { name: 'Extension 1001' }).tagName, 'H2');
  assert.is(count(), '1 new, 1 saved');
  const [fresh] = rows('new');
  assert.is(rows('new').length, 1);
  assert.match(fresh!.textContent!, 'Marc Robinson (+15145551212)');
  assert.match(fresh!.textContent!, 'Urgent');
  assert.is(fresh!.querySelector('time')!.textContent, formatCallTime(MARC.receivedAt));
  assert.is(within(fresh!).getByTestId('vm-length').textContent, '1:0464 seconds');
  const audio = within(fresh!).getByTestId('vm-audio');
  assert.is(audio.getAttribute('src'), `/api/voicemail/1001/messages/${MARC.uuid}/audio`);
  assert.is(audio.getAttribute('aria-label'), 'Message from Marc Robinson (+15145551212)');
  // happy-dom loads no media: the attribute is what keeps a browser from fetching every message on opening the page.
  assert.is(audio.getAttribute('preload'), 'none');
  const download = within(fresh!).getByRole('link', { name: 'Download the message from Marc Robinson (+15145551212)' });
  assert.is(download.getAttribute('href'), `/api/voicemail/1001/messages/${MARC.uuid}/audio?download=1`);
  assert.ok(download.hasAttribute('download'));

  const [kept] = rows('saved');
  assert.match(kept!.textContent!, '1005');
  assert.not.match(kept!.textContent!, 'Urgent');
  assert.is(within(kept!).queryByRole('button', { name: /^Mark saved/ }), null, 'a saved message cannot be saved again');
  assert.ok(within(kept!).getByRole('button', { name: 'Delete the message from 1005' }));
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/voicemail'],
  );
});

test('a box that takes no calls says so, and an empty folder says it is empty', async () => {
  boxes = [{ ...boxes[0]!, enabled: false, messages: [] }];
  await openVoicemail();
  assert.ok(screen.getByText("Unanswered calls to this extension do not go to voicemail (an administrator's setting). Messages already here stay."));
  assert.ok(within(screen.getByTestId('vm-new-1001')).getByText('No new messages.'));
  assert.ok(within(screen.getByTestId('vm-saved-1001')).getByText('No saved messages.'));
  assert.is(count(), '0 new, 0 saved');
});

test('a user with no extension is told why there is no mailbox', async () => {
  boxes = [];
  render(() => <Voicemail />);
  await screen.findByText('No extension is assigned to you, so you have no mailbox. Ask your administrator.');
  assert.is(screen.queryByTestId('vm-box-1001'), null);
});

test('“Mark saved” asks the server and moves the message to Saved as it answers', async () => {
  const answer = deferred();
  api.use(
    http.post('/api/voicemail/:extension/messages/:uuid/save', async () => {
      await answer.promise;
      return undefined; // on to the file's handler
    }),
  );
  const you = await openVoicemail();
  const button = screen.getByRole('button', { name: 'Mark saved: the message from Marc Robinson (+15145551212)' }) as HTMLButtonElement;
  await you.click(button);
  await waitFor(() => assert.ok(button.disabled, 'no second click while the server works'));
  assert.is(button.getAttribute('aria-busy'), 'true');

  answer.resolve();
  await waitFor(() => assert.is(rows('new').length, 0));
  assert.equal(
    rows('saved').map((r) => r.getAttribute('data-uuid')),
    [MARC.uuid, ESTHER.uuid],
  );
  assert.is(count(), '0 new, 2 saved');
  assert.equal(saved, [`1001/${MARC.uuid}`]);
  assert.is(screen.getAllByRole('alert')[0]!.textContent, '');
});

test('a message already gone when it is saved: the server’s words are shown, and it stays where it was', async () => {
  boxes[0]!.messages = [structuredClone(MARC)];
  const you = await openVoicemail();
  boxes[0]!.messages = []; // deleted on a desk phone meanwhile
  await you.click(screen.getByRole('button', { name: 'Mark saved: the message from Marc Robinson (+15145551212)' }));
  await waitFor(() => assert.is(screen.getAllByRole('alert')[0]!.textContent, NO_SUCH_MESSAGE));
  assert.is(rows('new').length, 1);
  assert.equal(saved, []);
  assert.not.ok((screen.getByRole('button', { name: /^Mark saved/ }) as HTMLButtonElement).disabled);
});

test('Delete asks first: Cancel sends nothing; Delete removes the message from the box', async () => {
  const you = await openVoicemail();
  await you.click(screen.getByRole('button', { name: 'Delete the message from Marc Robinson (+15145551212)' }));
  const dialog = screen.getByTestId('confirm-dialog');
  await waitFor(() => assert.ok((dialog as HTMLDialogElement).open));
  assert.is(within(dialog).getByRole('heading').textContent, 'Delete this message?');
  assert.match(
    dialog.textContent!,
    `The message from Marc Robinson (+15145551212), left ${formatCallTime(MARC.receivedAt)}, is deleted from the mailbox of extension 1001 for good: your phones will not have it either.`,
  );
  await you.click(within(dialog).getByRole('button', { name: 'Cancel' }));
  await waitFor(() => assert.not.ok((dialog as HTMLDialogElement).open));
  assert.is(rows('new').length, 1);
  assert.equal(deleted, []);
  assert.equal(
    api.calls.map((c) => c.method),
    ['GET'],
  );

  await you.click(screen.getByRole('button', { name: 'Delete the message from Marc Robinson (+15145551212)' }));
  await waitFor(() => assert.ok((dialog as HTMLDialogElement).open));
  await you.click(within(dialog).getByRole('button', { name: 'Delete' }));
  await waitFor(() => assert.is(rows('new').length, 0));
  assert.not.ok((dialog as HTMLDialogElement).open);
  assert.equal(deleted, [`1001/${MARC.uuid}`]);
  assert.equal(
    rows('saved').map((r) => r.getAttribute('data-uuid')),
    [ESTHER.uuid],
  );
  assert.is(count(), '0 new, 1 saved');
});

test('a delete the server refuses is shown in the dialog, which stays open, and the message stays', async () => {
  api.use(http.delete('/api/voicemail/:extension/messages/:uuid', () => HttpResponse.json({ error: PBX_UNAVAILABLE }, { status: 503 })));
  const you = await openVoicemail();
  await you.click(screen.getByRole('button', { name: 'Delete the message from 1005' }));
  const dialog = screen.getByTestId('confirm-dialog') as HTMLDialogElement;
  await waitFor(() => assert.ok(dialog.open));
  await you.click(within(dialog).getByRole('button', { name: 'Delete' }));
  await waitFor(() => assert.is(within(dialog).getByRole('alert').textContent, PBX_UNAVAILABLE));
  assert.ok(dialog.open);
  assert.is(within(dialog).getByRole('button', { name: 'Delete' }).textContent, 'Delete');
  assert.equal(
    rows('saved').map((r) => r.getAttribute('data-uuid')),
    [ESTHER.uuid],
  );
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/voicemail', `DELETE /api/voicemail/1001/messages/${ESTHER.uuid}`],
  );
});

test.run();
