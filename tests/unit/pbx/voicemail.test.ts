// mod_voicemail's commands (pure builders: every argument checked) and the
// parsers of what FreeSWITCH 1.10.12 answers, with its answers as recorded
// (tests/fixtures/freeswitch/voicemail.json) and MESSAGE_WAITING in each of
// the ways mod_voicemail writes it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEvent } from '../../../server/pbx/parse.ts';
import {
  boxCount,
  deleteMessage,
  getGreeting,
  getMessage,
  listMessages,
  markRead,
  parseBoxCount,
  parseGreeting,
  parseMessage,
  parseMessageList,
  readMailboxCounts,
  saveMessage,
  setBoxPassword,
  setGreeting,
} from '../../../server/pbx/voicemail.ts';
import { fixture } from '../../helpers/esl-conformance.ts';

const D = 'acme.pbx.test';
const UUID = 'c8665f4f-9c96-4aca-813a-8c82d378f3d9';

test('the commands name the box, profile and message exactly as mod_voicemail reads them', () => {
  assert.is(boxCount('1001', D), `vm_boxcount default/1001@${D}|all`);
  assert.is(listMessages('1001', D, 'not-read'), `vm_fsdb_msg_list json default ${D} 1001 inbox not-read`);
  assert.is(listMessages('1001', D, 'read'), `vm_fsdb_msg_list json default ${D} 1001 inbox read`);
  assert.is(getMessage('1001', D, UUID), `vm_fsdb_msg_get json default ${D} 1001 ${UUID}`);
  assert.is(saveMessage('1001', D, UUID), `vm_fsdb_msg_save default ${D} 1001 ${UUID}`);
  assert.is(markRead('1001', D, UUID), `vm_read 1001@${D} read ${UUID}`);
  assert.is(deleteMessage('1001', D, UUID), `vm_delete 1001@${D} ${UUID}`);
  assert.is(setBoxPassword('1001', D, '0042'), `vm_fsdb_pref_password_set default ${D} 1001 0042`);
  assert.is(setGreeting('1001', D, '/var/lib/fs/storage/voicemail/.uploads/g-1.wav'), `vm_fsdb_pref_greeting_set default ${D} 1001 1 /var/lib/fs/storage/voicemail/.uploads/g-1.wav`);
  assert.is(getGreeting('1001', D), `vm_fsdb_pref_greeting_get json default ${D} 1001`);
});

test('nothing a user sent can change a command: every argument is checked', () => {
  const bad: [string, () => string][] = [
    ['a space in the extension', () => boxCount('1001 2', D)],
    ['a | in the extension (vm_boxcount reads what follows as the count to print)', () => boxCount('1001|new', D)],
    ['an @ in the domain', () => boxCount('1001', 'a@b')],
    ['a line break', () => getMessage('1001\n', D, UUID)],
    ['a message id that is not a uuid', () => deleteMessage('1001', D, `${UUID} x`)],
    ['an empty uuid (vm_delete would delete the whole box)', () => deleteMessage('1001', D, '')],
    ['a uuid with a quote', () => markRead('1001', D, "'")],
    ['a PIN with letters', () => setBoxPassword('1001', D, '12a4')],
    ['a PIN with a space', () => setBoxPassword('1001', D, '1234 5678')],
    ['a short PIN', () => setBoxPassword('1001', D, '123')],
    ['a relative path', () => setGreeting('1001', D, 'g.wav')],
    ['a path with a space', () => setGreeting('1001', D, '/tmp/my greeting.wav')],
    ['a path that climbs', () => setGreeting('1001', D, '/var/lib/../../etc/passwd')],
  ];
  for (const [what, build] of bad) assert.throws(build, undefined, what);
});

test('answers as FreeSWITCH 1.10.12 gave them (the recording)', () => {
  const rec = fixture('voicemail');
  const body = (step: string) => rec[step]![0]!.body ?? '';
  assert.equal(parseBoxCount(body('api/vm-boxcount-empty')), { new: 0, saved: 0 });
  assert.equal(parseBoxCount(body('api/vm-boxcount-one-new')), { new: 1, saved: 0 });
  assert.equal(parseBoxCount(body('api/vm-boxcount-saved')), { new: 0, saved: 1 });
  assert.equal(parseMessageList(body('api/vm-fsdb-msg-list-empty')), []);
  const [uuid] = parseMessageList(body('api/vm-fsdb-msg-list-not-read'));
  assert.ok(uuid);
  assert.equal(parseMessageList(body('api/vm-fsdb-msg-list-read')), []);
  const message = parseMessage(body('api/vm-fsdb-msg-get'))!;
  assert.is(message.uuid, uuid);
  assert.is(message.callerIdNumber, '1006');
  assert.is(message.callerIdName, 'Conformance');
  assert.is(message.seconds, 3);
  assert.is(message.readAt, 0, 'new: never read');
  assert.is(message.flags, '', 'a new message has no flags header at all');
  assert.is(message.urgent, false);
  assert.match(message.filePath, /\/voicemail\/acme\.pbx\.test\/1005\/msg_.*\.wav$/);
  assert.is(parseMessage(body('api/vm-fsdb-msg-get-other-box')), undefined, "another box's uuid: no message");
  assert.is(parseMessage(body('api/vm-fsdb-msg-get-unknown')), undefined);
  const saved = parseMessage(body('api/vm-fsdb-msg-get-saved'))!;
  assert.is(saved.flags, 'save');
  assert.ok(saved.readAt > 0);
  assert.match(parseGreeting(body('api/vm-fsdb-pref-greeting-get'))!, /\/voicemail\/default\/acme\.pbx\.test\/1005\/greeting_1\.wav$/);
  assert.is(parseGreeting(body('api/vm-fsdb-pref-greeting-get-none')), undefined);
  assert.throws(() => parseBoxCount('-ERR No such profile\n'));
  assert.throws(() => parseMessage('-ERR Profile not found\n'));
});

test('MESSAGE_WAITING: every way mod_voicemail writes it becomes the box\'s count', () => {
  const mwi = (headers: Record<string, string>) => parseEvent((n) => ({ 'Event-Name': 'MESSAGE_WAITING', 'Event-Date-Timestamp': '1796591417889876', ...headers })[n]);
  const rec = fixture('voicemail');
  const recorded = rec['event/message-waiting-new']![0]!.event!;
  assert.equal(parseEvent((n) => recorded[n]), { kind: 'message-waiting', at: Number(recorded['Event-Date-Timestamp']), user: '1005', domain: D, count: { new: 1, saved: 0 } });
  assert.equal(mwi({ 'MWI-Messages-Waiting': 'no', 'Update-Reason': 'READ', 'MWI-Message-Account': `1005@${D}`, 'MWI-Voice-Message': '0/1' }), {
    kind: 'message-waiting',
    at: 1796591417889876,
    user: '1005',
    domain: D,
    count: { new: 0, saved: 1 },
  });
  // send-full-vm-header, and mod_voicemail answering a phone's MESSAGE_QUERY (the account as sofia asked: sip:…).
  assert.equal((mwi({ 'MWI-Messages-Waiting': 'yes', 'MWI-Message-Account': `sip:1005@${D}`, 'MWI-Voice-Message': '2/3 (1/0)' }) as { count: unknown }).count, { new: 2, saved: 3 });
  // …and for an empty box: "no", with no count at all.
  assert.equal((mwi({ 'MWI-Messages-Waiting': 'no', 'MWI-Message-Account': `sip:1005@${D}` }) as { count: unknown; user: string }).count, { new: 0, saved: 0 });
  // Without an account, or a count it can read, it says nothing we could show.
  assert.is(mwi({ 'MWI-Messages-Waiting': 'yes', 'MWI-Voice-Message': '1/0' }), undefined);
  assert.is(mwi({ 'MWI-Messages-Waiting': 'yes', 'MWI-Message-Account': `1005@${D}` }), undefined);
  assert.is(mwi({ 'MWI-Messages-Waiting': 'yes', 'MWI-Message-Account': `1005@${D}`, 'MWI-Voice-Message': 'lots' }), undefined);
});

test('the counts after a reconnect: a few at a time, one bad box skipped, nothing at all without mod_voicemail', async () => {
  const boxes = Array.from({ length: 20 }, (_, i) => ({ user: String(1000 + i), domain: D }));
  let running = 0;
  let most = 0;
  const api = async (command: string) => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 2));
    running--;
    if (command.includes('1003@')) throw new Error('api vm_boxcount: no answer within 15000 ms');
    return command.includes('1007@') ? '2:1:0:0' : '0:0:0:0';
  };
  const counts = (await readMailboxCounts(api, boxes, 4))!;
  assert.ok(most <= 4, `${most} at once`);
  assert.is(counts.length, 19);
  assert.equal(counts.find((c) => c.user === '1007')!.count, { new: 2, saved: 1 });
  assert.is(counts.find((c) => c.user === '1003'), undefined);
  const missing = async () => {
    throw new Error('-ERR vm_boxcount Command not found!');
  };
  assert.is(await readMailboxCounts(missing, boxes), undefined);
  assert.is(await readMailboxCounts(async () => { throw new Error('-ERR No such profile'); }, boxes), undefined);
  assert.equal(await readMailboxCounts(api, []), []);
});

test.run();
