// The client weight's chunk picking: what loads before sign-in, and which
// lazy chunk is the softphone (not the check page, whose name also says so).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { weigh } from '../../../bench/client-weight.ts';

const manifest = {
  'client/index.html': { file: 'assets/index.js', isEntry: true, imports: ['_store.js'], dynamicImports: ['src/softphone/softphone.tsx'] },
  '_store.js': { file: 'assets/store.js' },
  'src/softphone/check/SoftphoneCheck.tsx': { file: 'assets/SoftphoneCheck.js', src: 'src/softphone/check/SoftphoneCheck.tsx', isDynamicEntry: true },
  'src/softphone/softphone.tsx': { file: 'assets/softphone.js', src: 'src/softphone/softphone.tsx', isDynamicEntry: true, imports: ['_jssip.js', '_store.js'] },
  '_jssip.js': { file: 'assets/jssip.js' },
};
const sizes: Record<string, number> = { 'assets/index.js': 10, 'assets/store.js': 5, 'assets/SoftphoneCheck.js': 1, 'assets/softphone.js': 8, 'assets/jssip.js': 50 };

test('the softphone is its own module and what it adds beyond the entry; the check page is not it', () => {
  const w = weigh(manifest, (f) => sizes[f]!);
  assert.is(w.before_sign_in, 15);
  assert.equal(w.files.softphone, ['assets/softphone.js', 'assets/jssip.js']);
  assert.is(w.softphone, 58);
});

test.run();
