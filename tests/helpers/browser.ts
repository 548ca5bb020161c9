// Debian's Chromium driven by playwright-core (never a downloaded browser),
// and the sign-in form filled as a person would.
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from './server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** executablePath: another way to start the same Chromium (e.g. inside a network namespace). */
export function launchChromium(extraArgs: string[] = [], executablePath = CHROMIUM): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
    timeout: 30_000,
  });
}

/**
 * Opens the app and submits the sign-in form. It does not wait for what
 * follows: each test waits for the page it expects (the dashboard, a locked
 * message, the header's credit…), with its own bound.
 */
export async function signInThroughForm(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the form and waits for the dashboard, where a signed-in agent lands. */
export async function signInToDashboard(page: Page, baseUrl: string, email: string): Promise<void> {
  await signInThroughForm(page, baseUrl, email);
  await page.getByTestId('figure-devices').waitFor({ timeout: 10_000 });
}
