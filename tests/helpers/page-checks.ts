// The checks the accessibility browser tests make on a page: axe-core's
// serious and critical violations, and a walk with the Tab key (every stop on
// screen, uncovered, with a visible focus indicator). Findings are collected
// per test and printed together, with their targets, before the test fails.
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import type { Role } from '../../common/api.ts';
import { allowed, NAV } from '../../client/src/nav.ts';
import { axeViolations, describeFindings } from './axe.ts';
import { signInThroughForm } from './browser.ts';
import type { BrowserSuite } from './browser-suite.ts';
import { tabWalk } from './focus-walk.ts';

export const T = 15_000;

/** What each page was found to have. */
export type Report = string[];

/** Waits for the page to be what a person sees once it has loaded: its heading, no loading placeholder, live data in. */
export async function settled(page: Page, live: boolean) {
  await page.locator('h1').first().waitFor({ timeout: T });
  if (live) await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: T });
  await page.waitForFunction(
    () => !document.querySelector('.page-loading, .skeleton, .skeleton-page, main [aria-busy="true"]') && document.title.includes('Switchboard'),
    null,
    { timeout: T },
  );
}

/** axe-core on the page as it is now. */
export async function check(page: Page, where: string, report: Report) {
  const found = await axeViolations(page);
  if (found.length) report.push(describeFindings(where, found));
}

/** Every Tab stop of the page is on screen, uncovered, with a visible focus indicator; returns the stops. */
export async function walk(page: Page, where: string, report: Report): Promise<string[]> {
  const stops = await tabWalk(page);
  for (const stop of stops) if (stop.problem) report.push(`${where}: keyboard focus on ${stop.what}: ${stop.problem}`);
  return stops.map((s) => s.what);
}

/** Prints what was found, then fails if anything was. */
export function done(report: Report) {
  if (report.length) console.log(`\naccessibility problems found:\n${report.join('\n')}`);
  assert.equal(report, [], 'no serious or critical axe violation, every Tab stop visible');
}

/** A signed-in page for this user, and the paths of their menu (client/src/nav.ts). */
export async function signedIn(suite: BrowserSuite, email: string, role: Role) {
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 800 } });
  context.setDefaultTimeout(T);
  const page = await context.newPage();
  await signInThroughForm(page, suite.server.url, email);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: T });
  await settled(page, true);
  const paths = NAV.flatMap((g) => g.entries).filter((e) => allowed(e, role)).map((e) => e.path);
  return { context, page, paths };
}

/** Opens each path as typing its address would, and checks it with axe and the Tab key. */
export async function visitAll(suite: BrowserSuite, page: Page, paths: string[], report: Report) {
  for (const path of paths) {
    await page.goto(suite.server.url + path);
    await settled(page, true);
    await check(page, path, report);
    const stops = await walk(page, path, report);
    if (!stops.some((s) => s.includes('Skip to main content'))) report.push(`${path}: the skip link is not reached with Tab`);
  }
}
