// The ESL boundary under fuzz, CI-sized (npm run fuzz runs the full count):
// the hostile frames and mutated recordings never throw past the boundary,
// never reach a reducer as something it cannot take, and the link always
// comes back to read FreeSWITCH's truth.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fuzzEsl } from '../../../fuzz/esl.ts';

test('80 frames, hostile first: no crash, no reducer error, the link kept or restored every time', async () => {
  const r = await fuzzEsl({ inputs: 80, seed: 1207 });
  assert.equal(r.findings, []);
  assert.is(r.crashes, 0);
  assert.is(r.listenerErrors, 0);
  assert.is(r.inputs, 80);
  assert.is(r.kept + r.reset + r.waiting, 80);
  // Most mutations still frame correctly: the link reads on.
  assert.ok(r.kept > 20, `kept ${r.kept}`);
  // The hostile lengths and headers end the link (the guard), and it came back each time.
  assert.ok(r.reset > 0, `reset ${r.reset}`);
});

test.run();
