// The served extensions for calls that outlive a softphone
// (server/xmlcurl/resume.ts): the held party's wait then the unanswered
// route, and the agent's take-back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { holdActions, holdOf, resumeActions, resumeTarget } from '../../../server/xmlcurl/resume.ts';

const UUID = '612b2642-970e-4956-9a87-125563e6770e';
const ext = { number: '1001', dnd: false, voicemail: true };

test('resume-<uuid> only with a UUID; switchboard-hold-<ext> only with an extension', () => {
  assert.is(resumeTarget(`resume-${UUID.toUpperCase()}`), UUID);
  for (const bad of ['resume-', 'resume-1234', `resume-${UUID} x`, `resume-${UUID};uuid_kill`, UUID]) assert.is(resumeTarget(bad), undefined, bad);
  assert.is(holdOf('switchboard-hold-1001'), '1001');
  assert.is(holdOf('switchboard-hold-'), undefined);
  assert.is(holdOf('1001'), undefined);
});

test('the wait: a tone for RESUME_SECONDS (playback_timeout_sec), no more resuming, then voicemail', () => {
  assert.equal(holdActions(ext, 'acme.pbx.test', 60), [
    ['answer'],
    ['set', 'playback_timeout_sec=60'],
    ['playback', 'tone_stream://%(300,4700,440);loops=-1'],
    ['unset', 'switchboard_resume_for'],
    ['unset', 'playback_timeout_sec'],
    ['answer'],
    ['sleep', '500'],
    ['voicemail', 'default acme.pbx.test 1001'],
  ]);
});

test('without voicemail the call ends as unanswered; a queue caller goes back into their queue of this tenant only', () => {
  assert.equal(holdActions({ ...ext, voicemail: false }, 'acme.pbx.test', 5).at(-1), ['hangup', 'NO_ANSWER']);
  assert.equal(holdActions(ext, 'acme.pbx.test', 5, 'sales@acme.pbx.test').slice(-2), [['callcenter', 'sales@acme.pbx.test'], ['hangup']]);
  assert.equal(holdActions(ext, 'acme.pbx.test', 5, 'sales@globex.pbx.test').at(-1), ['voicemail', 'default acme.pbx.test 1001']);
});

test('the take-back: intercept, and the vanished leg named for the CDR (only a UUID)', () => {
  assert.equal(resumeActions(UUID, 'f0000000-0000-4000-8000-000000000001'), [
    ['set', 'switchboard_resume_of=f0000000-0000-4000-8000-000000000001'],
    ['set', 'hangup_after_bridge=true'],
    ['intercept', UUID],
    ['hangup'],
  ]);
  assert.equal(resumeActions(UUID, '_undef_')[0], ['set', 'hangup_after_bridge=true']);
});

test.run();
