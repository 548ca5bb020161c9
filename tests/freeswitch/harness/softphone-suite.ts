// What every real-PBX softphone suite stands on: FreeSWITCH started inside a
// network namespace with only `lo` (tests/sip/netns.ts: no ICE candidate can
// use another address of this machine) with Switchboard pointed at it
// (stack.ts), Chromium in the same namespace, all torn down even when a test
// fails; and what each such suite does with them: register a page's
// softphone with FreeSWITCH as a user would, and read FreeSWITCH's channel
// and call tables.
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Test } from 'uvu';
import { buildClientIfNeeded } from '../../../scripts/client-build.ts';
import { launchChromium } from '../../helpers/browser.ts';
import { T, WEBRTC_FLAGS } from '../../helpers/softphone-page.ts';
import { createNetns, type Netns } from '../../sip/netns.ts';
import { late, startRealPbx, type RealPbx, type RealPbxOptions } from './stack.ts';

export const DOMAIN = 'acme.pbx.test';

export interface SoftphoneSuiteOptions {
  env?: RealPbxOptions['env'];
  /** More to write after FreeSWITCH's log when SB_FS_LOG names a file (a desk phone's log, headed). */
  moreLog?: () => string;
}

export function softphoneSuite(test: Test, options: SoftphoneSuiteOptions = {}) {
  const started: { netns?: Netns; stack?: RealPbx; browser?: Browser } = {};
  const teardown: (() => unknown)[] = [];
  test.before(async () => {
    // Built before the server starts: it serves dist/client as it finds it then.
    buildClientIfNeeded();
    started.netns = createNetns();
    started.stack = await startRealPbx({ netns: started.netns, env: options.env });
    started.browser = await launchChromium(WEBRTC_FLAGS, started.netns.chromium);
  });
  test.after(async () => {
    if (process.env.SB_FS_LOG) writeFileSync(process.env.SB_FS_LOG, `${started.stack?.fs.log() ?? ''}${options.moreLog ? `\n${options.moreLog()}` : ''}`);
    // Each step on its own: one failing must not leave the others running.
    for (const step of [() => started.browser?.close(), ...teardown, () => started.stack?.close(), () => started.netns?.close()]) {
      try {
        await step();
      } catch (err) {
        console.error('teardown:', err);
      }
    }
  });

  const stack = late(() => started.stack, 'the real-PBX stack');

  /** As a user would: own credentials from My Account, FreeSWITCH's WebSocket address and the domain by hand. */
  async function fillSettings(page: Page, extension: string): Promise<void> {
    await page.getByRole('button', { name: 'Fill from My Account' }).click();
    await page.waitForFunction((ext) => (document.querySelector('#sp-extension') as HTMLInputElement | null)?.value === ext, extension, { timeout: T });
    await page.getByLabel('WebSocket server').fill(`ws://127.0.0.1:${stack.fs.ports.ws}`);
    await page.getByLabel('SIP domain').fill(DOMAIN);
  }

  return {
    stack,
    browser: late(() => started.browser, 'Chromium'),
    netns: late(() => started.netns, 'the network namespace'),
    /** Runs at teardown after Chromium closes and before FreeSWITCH stops (a desk phone, an ESL connection). */
    onTeardown: (step: () => unknown) => void teardown.push(step),
    fillSettings,
    /** Fills the softphone's settings, saves them, and waits for "registered". */
    async register(page: Page, extension: string): Promise<void> {
      await fillSettings(page, extension);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('[data-testid="softphone-status"][data-state="registered"]').waitFor({ timeout: T });
    },
    /** FreeSWITCH's `show channels|calls as json` rows. */
    rows: async <Row>(table: 'channels' | 'calls'): Promise<Row[]> => (JSON.parse(await stack.fs.api(`show ${table} as json`)) as { rows?: Row[] }).rows ?? [],
  };
}
