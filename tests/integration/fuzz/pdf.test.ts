// The fax upload under fuzz, CI-sized (npm run fuzz runs thousands): the
// hostile PDFs are refused with 422 within seconds, mutated ones answer 201
// or 4xx, never 5xx, and what was accepted converts within ghostscript's caps.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fuzzPdf } from '../../../fuzz/pdf.ts';

test('the hostile set and 40 mutations: 4xx or accepted, never a 5xx; the bombs refused fast', async () => {
  const r = await fuzzPdf({ inputs: 50, seed: 1207, convertAtMost: 4 });
  assert.equal(r.findings, []);
  assert.is(r.crashes, 0);
  assert.is(r.serverErrors, 0);
  assert.is(r.accepted + r.refused, 50);
  const answer = (name: string) => r.hostile.find((h) => h.name === name)!;
  for (const name of ['page bomb', 'object stream inflating to 400 MB', 'nesting 100,000 deep', 'a PostScript loop dressed as a PDF']) {
    assert.is(answer(name).status, 422, name);
    assert.ok(answer(name).ms < 25_000, `${name} took ${answer(name).ms} ms`);
  }
  assert.ok(r.maxConvertMb < 1024, `ghostscript peaked at ${r.maxConvertMb} MB`);
});

test.run();
