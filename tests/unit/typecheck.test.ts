// The whole project type-checks under `strict`: client, server, common, tests.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('tsc --noEmit finds no type errors', async () => {
  const tsc = new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname;
  const root = new URL('../..', import.meta.url).pathname;
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit'], { cwd: root }).then(
    () => '',
    (err: { stdout?: string }) => err.stdout ?? String(err),
  );
  assert.is(result, '', result);
});

test.run();
