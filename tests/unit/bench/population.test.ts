import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPopulation, tenantSizes } from '../../../bench/population.ts';

test('most agents sit in a few big tenants, the rest in small ones, and nobody is lost', () => {
  const sizes = tenantSizes(5000);
  assert.equal(sizes.slice(0, 4), [2000, 1250, 750, 400]);
  assert.ok(sizes.slice(4).every((n) => n <= 15));
  assert.is(sizes.reduce((a, b) => a + b, 0), 5000);
});

test('every agent has one extension of its tenant and 1–3 of its queues', () => {
  const { tenants, agents } = buildPopulation(1000);
  assert.is(agents.length, 1000);
  for (const a of agents) {
    const t = tenants[a.tenant]!;
    assert.ok(t.extensions.includes(a.extension));
    assert.ok(a.queues.length >= 1 && a.queues.length <= 3);
    assert.ok(a.queues.every((q) => t.queues.includes(q)));
  }
  assert.is(new Set(agents.map((a) => a.email)).size, 1000, 'e-mails are unique');
});

test('any prefix of the shuffled agents spreads over tenants like the whole', () => {
  const { agents } = buildPopulation(5000);
  const inBiggest = agents.slice(0, 100).filter((a) => a.tenant === 0).length;
  assert.ok(inBiggest > 25 && inBiggest < 55, `${inBiggest} of the first 100 in the 40 % tenant`);
});

test('the same seed builds the same people', () => {
  assert.equal(buildPopulation(300, 9).agents, buildPopulation(300, 9).agents);
});

test.run();
