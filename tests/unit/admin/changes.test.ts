// What an administrative change announces: merged per tenant, bounded to
// what one NOTIFY carries, operators' lists told of every tenant's change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ChangeSet } from '../../../server/admin/changes.ts';

test('areas, flushes, ended sessions and changed accounts merge per tenant; every change is in the audit; operators hear of every tenant', () => {
  const changes = new ChangeSet()
    .touch('t1', 'users')
    .touch('t1', 'extensions', 'users')
    .flush('t1', ['1001'])
    .unregister('t1', ['1002'])
    .callcenter('t1')
    .endSessions('t1', 'u1', 'disabled')
    .account('t1', 'u2')
    .account('t1', 'u2')
    .account('t1', null);
  assert.equal(changes.list(), [
    {
      tenantId: 't1',
      areas: ['users', 'audit', 'extensions'],
      flush: ['1001', '1002'],
      unregister: ['1002'],
      callcenter: true,
      ended: { u1: 'disabled' },
      accounts: ['u2'],
    },
    { tenantId: null, areas: ['tenants', 'audit'], flush: [], unregister: [], callcenter: false, ended: {}, accounts: [] },
  ]);
});

test('past 100 extensions a change flushes the whole directory, so the NOTIFY stays small', () => {
  const numbers = Array.from({ length: 150 }, (_, i) => String(1000 + i));
  const change = new ChangeSet().flush('t1', numbers).list()[0]!;
  assert.is(change.flush, 'all');
  assert.ok(JSON.stringify(new ChangeSet().unregister('t1', numbers).list()).length < 8000);
});

test.run();
