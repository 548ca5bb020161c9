// What FreeSWITCH is served for the extension settings an admin sets:
// voicemail on or off (vm-enabled), a voicemail PIN (vm-password), and how a
// call ends when there is no voicemail to fall through to.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { directoryDocument } from '../../../server/xmlcurl/directory.ts';
import { extensionActions } from '../../../server/xmlcurl/dialplan.ts';

const D = 'acme.pbx.test';
const user = { number: '1001', domain: D, sipPassword: 'secret-123', callerIdName: 'Alice', dnd: false, followMe: false };

test('the directory says whether mod_voicemail may take messages, and the PIN only when there is one', () => {
  const on = directoryDocument({ ...user, voicemail: true, voicemailPin: null });
  assert.match(on, '<param name="vm-enabled" value="true"/>');
  assert.not.match(on, 'vm-password');
  const off = directoryDocument({ ...user, voicemail: false, voicemailPin: '2468' });
  assert.match(off, '<param name="vm-enabled" value="false"/>');
  assert.match(off, '<param name="vm-password" value="2468"/>');
  assert.not.match(off, 'secret-123', 'the SIP password never travels');
});

test('with voicemail, an unanswered call goes there; without, it ends with the ringing\'s own outcome', () => {
  const withVm = extensionActions({ number: '1001', dnd: false, voicemail: true }, D, 20);
  assert.equal(withVm.at(-1), ['voicemail', `default ${D} 1001`]);
  const without = extensionActions({ number: '1001', dnd: false, voicemail: false }, D, 20);
  assert.equal(without.slice(-2), [['bridge', `user/1001@${D}`], ['hangup', '${originate_disposition}']]);
  assert.not.ok(without.some(([app]) => app === 'voicemail'));
});

test('DND with voicemail answers into it; DND without voicemail is busy, never ringing', () => {
  assert.equal(extensionActions({ number: '1001', dnd: true, voicemail: true }, D).at(-1), ['voicemail', `default ${D} 1001`]);
  assert.equal(extensionActions({ number: '1001', dnd: true, voicemail: false }, D), [['respond', '486 Busy Here']]);
});

test.run();
