// The browser app is served so a redeploy reaches every tab: the page itself
// is revalidated on every load, the hashed assets are cached for good.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { browserSuite } from '../helpers/browser-suite.ts';

const suite = browserSuite(test);

test('every page path answers index.html with no-cache; hashed assets are immutable', async () => {
  for (const path of ['/', '/index.html', '/queues', '/reports/cdr']) {
    const res = await fetch(suite.server.url + path);
    assert.is(res.status, 200, path);
    assert.is(res.headers.get('cache-control'), 'no-cache', `${path} is revalidated`);
    const html = await res.text();
    assert.match(html, /<div id="root"|<script type="module"/, `${path} is the app`);
    if (path === '/') {
      const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
      assert.ok(asset, 'the page names its hashed script');
      const js = await fetch(suite.server.url + asset);
      assert.is(js.status, 200);
      assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    }
  }
});

test.run();
