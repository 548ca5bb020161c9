// A whole browser test file's Switchboard (see server-suite.ts) and one
// Chromium, on a freshly built client.
import type { Browser } from 'playwright-core';
import type { Test } from 'uvu';
import { buildClientIfNeeded } from '../../scripts/client-build.ts';
import { launchChromium } from './browser.ts';
import { serverSuite, type ServerSuite } from './server-suite.ts';

export interface BrowserSuite extends ServerSuite {
  browser: Browser;
}

/**
 * Registers the file's hooks on `test`: build the client, start the server,
 * launch Chromium; afterwards Chromium is closed before the server. The
 * object's fields are set by the before hooks, so read them inside tests only.
 */
export function browserSuite(test: Test, env: Record<string, string> = {}): BrowserSuite {
  let browser: Browser | undefined;
  test.before(() => void buildClientIfNeeded());
  // uvu runs after hooks in the order they were registered: this one, then the server's.
  test.after(async () => {
    await browser?.close();
  });
  const suite: Partial<BrowserSuite> = serverSuite(test, env);
  test.before(async () => {
    browser = suite.browser = await launchChromium();
  });
  return suite as BrowserSuite;
}
