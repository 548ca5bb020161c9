// The softphone as a person uses it in Chromium, shared by the softphone
// tests against Kamailio (tests/browser) and against FreeSWITCH
// (tests/freeswitch): a signed-in page with the panel open, the dialer, the
// call's state, and the audio its live peer connection received (getStats).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signInThroughForm } from './browser.ts';
import { sleep } from './wait.ts';

/** The bound on any one wait in a softphone test. */
export const T = 15_000;

/** Chromium flags for WebRTC on loopback with fake media and no permission prompt. */
export const WEBRTC_FLAGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * A signed-in page with the softphone panel open (not yet registered); `watch` sees the page before it loads,
 * `prepare` its context (permissions, init scripts) before the page is opened.
 */
export async function softphonePage(
  browser: Browser,
  baseUrl: string,
  email: string,
  watch?: (page: Page) => void,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(T);
  await prepare?.(context);
  // Keep every RTCPeerConnection the app makes, to read its getStats().
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    Object.assign(window, { __pcs: all });
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        all.push(this);
      }
    };
  });
  const page = await context.newPage();
  watch?.(page);
  await signInThroughForm(page, baseUrl, email);
  await page.getByTestId('softphone-button').click({ timeout: T });
  await page.getByTestId('softphone').waitFor({ timeout: T });
  return page;
}

export const softphoneStatus = (page: Page) => page.getByTestId('softphone-status');
export const callStatus = (page: Page, s: string) => page.locator(`[data-testid="softphone-call"][data-status="${s}"]`).waitFor({ timeout: T });
export const noCall = (page: Page) => page.getByTestId('softphone-call').waitFor({ state: 'detached', timeout: T });

export async function dial(page: Page, number: string) {
  await page.getByRole('tab', { name: 'Dialer' }).click();
  await page.getByLabel('Extension or number').fill(number);
  await page.getByLabel('Extension or number').press('Enter');
}

export interface Rtp {
  bytesIn: number;
  packetsIn: number;
  energyIn: number;
  addresses: string[];
}

/** Inbound audio so far on the page's live peer connection, and every ICE candidate address it used or was offered. */
export const rtp = (page: Page): Promise<Rtp> =>
  page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
    const out = { bytesIn: 0, packetsIn: 0, energyIn: 0, addresses: [] as string[] };
    for (const pc of pcs) {
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          out.bytesIn += Number(s.bytesReceived ?? 0);
          out.packetsIn += Number(s.packetsReceived ?? 0);
          out.energyIn += Number(s.totalAudioEnergy ?? 0);
        }
        if (s.type === 'local-candidate' || s.type === 'remote-candidate') out.addresses.push(String(s.address ?? s.ip));
      });
      for (const sdp of [pc.localDescription?.sdp, pc.remoteDescription?.sdp]) {
        for (const m of (sdp ?? '').matchAll(/^a=candidate:\S+ \d+ \S+ \d+ (\S+) /gm)) out.addresses.push(m[1]!);
      }
    }
    return out;
  });

/** How much inbound audio arrived over `ms`. */
export async function delta(page: Page, ms: number) {
  const before = await rtp(page);
  await sleep(ms);
  const after = await rtp(page);
  return { bytes: after.bytesIn - before.bytesIn, packets: after.packetsIn - before.packetsIn, energy: after.energyIn - before.energyIn };
}
