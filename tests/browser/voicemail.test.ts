// In Chromium against the PBX simulator: Voicemail → Messages. A message
// left in mod_voicemail lights the header's indicator and the menu's count
// and appears on the page with its caller and length, with no reload; it
// plays (the audio element gets the bytes) and downloads; "Mark saved" moves
// it to Saved and the light goes out; Delete asks first, then it is gone from
// mod_voicemail; the PIN form explains a wrong PIN in an alert and saves a
// good one; a WAV greeting is uploaded and then playable.
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toneWav } from '../../freeswitch/simulator/wav.ts';
import { signInToDashboard } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { waitFor } from '../helpers/wait.ts';

const ACME = 'acme.pbx.test';
const SHOTS = process.env.VOICEMAIL_SCREENSHOTS ?? '/tmp';
const suite = browserSuite(test);

const sim = () => suite.server.simulator;

async function openAsAgent(): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await suite.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await signInToDashboard(page, suite.server.url, 'agent@acme.test');
  return { page, close: () => context.close() };
}

test('a message left in mod_voicemail lights the header and the menu, and appears on the page live with its length', async () => {
  const { page, close } = await openAsAgent();
  try {
    const indicator = page.getByTestId('header-voicemail');
    await indicator.waitFor({ timeout: 10_000 });
    assert.is(await indicator.getAttribute('data-state'), 'none');
    await page.getByRole('link', { name: '0 new voicemail messages', exact: true }).waitFor({ timeout: 5_000 });

    sim().voicemail.leave({ user: '1001', domain: ACME, cidNumber: '+15145551212', cidName: 'Marc Robinson', seconds: 4 });
    await page.waitForSelector('[data-testid="header-voicemail"][data-state="waiting"]', { timeout: 10_000 });
    await page.getByRole('link', { name: '1 new voicemail message', exact: true }).waitFor({ timeout: 5_000 });
    assert.is(await page.getByTestId('nav-voicemail-count').innerText(), '1');

    await page.getByRole('link', { name: /^Messages/ }).click();
    await page.getByRole('heading', { name: 'Voicemail', level: 1 }).waitFor({ timeout: 10_000 });
    const fresh = page.getByTestId('vm-new-1001').getByTestId('vm-message');
    await fresh.first().waitFor({ timeout: 10_000 });
    assert.is(await fresh.count(), 1);
    assert.match(await fresh.first().innerText(), 'Marc Robinson (+15145551212)');
    assert.is(await fresh.first().getByTestId('vm-length').locator('[aria-hidden="true"]').innerText(), '0:04');

    // Another one while the page is open: no reload.
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    // mod_voicemail keeps whole seconds (created_epoch): leave it in the next one, so "newest" is defined.
    await new Promise((r) => setTimeout(r, 1010 - (Date.now() % 1000)));
    sim().voicemail.leave({ user: '1001', domain: ACME, cidNumber: '1005', cidName: 'Esther Cohen', seconds: 2 });
    await waitFor(async () => (await fresh.count()) === 2, 10_000, 'the second message on the page');
    assert.match(await fresh.first().innerText(), 'Esther Cohen (1005)', 'newest first');
    assert.is(navigations, 0);
    assert.is(await page.getByTestId('nav-voicemail-count').innerText(), '2');
    // Each change of the count reloads the list once, and then the page rests.
    let loads = 0;
    page.on('request', (r) => r.url().endsWith('/api/voicemail') && loads++);
    await new Promise((r) => setTimeout(r, 1500));
    assert.is(loads, 0, 'no reload without a change');
    await page.screenshot({ path: `${SHOTS}/voicemail-messages.png`, fullPage: true });
  } finally {
    await close();
  }
});

test('a message plays in the page (its audio element receives the WAV) and downloads as a file', async () => {
  const { page, close } = await openAsAgent();
  try {
    await page.goto(`${suite.server.url}/voicemail/messages`);
    const row = page.getByTestId('vm-new-1001').getByTestId('vm-message').last();
    await row.waitFor({ timeout: 10_000 });
    // A click is the user's gesture that lets the page start playback.
    await page.getByRole('heading', { name: 'Voicemail', level: 1 }).click();
    const audio = row.getByTestId('vm-audio');
    await audio.evaluate((el: HTMLAudioElement) => el.play());
    await page.waitForFunction(
      (uuid) => {
        const el = document.querySelector<HTMLAudioElement>(`[data-uuid="${uuid}"] audio`);
        return !!el && el.readyState >= 2 && el.buffered.length > 0 && el.duration > 3.5 && el.duration < 4.5;
      },
      await row.getAttribute('data-uuid'),
      { timeout: 10_000 },
    );
    const played = await audio.evaluate((el: HTMLAudioElement) => ({ duration: el.duration, error: el.error?.code ?? null }));
    assert.is(played.error, null);

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: /^Download the message/ }).click()]);
    assert.match(download.suggestedFilename(), /^voicemail-1001-.*-\+15145551212\.wav$/);
  } finally {
    await close();
  }
});

test('Mark saved moves it to Saved and the light follows; Delete asks first, then mod_voicemail no longer has it', async () => {
  const { page, close } = await openAsAgent();
  try {
    await page.goto(`${suite.server.url}/voicemail/messages`);
    const fresh = page.getByTestId('vm-new-1001').getByTestId('vm-message');
    const saved = page.getByTestId('vm-saved-1001').getByTestId('vm-message');
    await fresh.first().waitFor({ timeout: 10_000 });
    const before = await fresh.count();
    await fresh.first().getByRole('button', { name: /^Mark saved: the message from / }).click();
    await waitFor(async () => (await saved.count()) === 1 && (await fresh.count()) === before - 1, 10_000, 'the message in Saved');
    assert.ok(sim().voicemail.list('1001', ACME).some((m) => m.flags === 'save' && m.readEpoch > 0), 'saved in mod_voicemail');
    await waitFor(async () => (await page.getByTestId('nav-voicemail-count').count()) === (before - 1 > 0 ? 1 : 0), 10_000, 'the count');

    const uuid = (await saved.first().getAttribute('data-uuid'))!;
    const deleteButton = saved.first().getByRole('button', { name: /^Delete the message/ });
    await deleteButton.click();
    const dialog = page.getByRole('dialog', { name: 'Delete this message?' });
    await dialog.waitFor({ timeout: 5_000 });
    // The dialog opens on Cancel: Enter does not delete.
    assert.is(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Cancel');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await waitFor(async () => (await saved.count()) === 0, 10_000, 'the row gone');
    assert.not.ok(sim().voicemail.list('1001', ACME).some((m) => m.uuid === uuid), 'deleted in mod_voicemail');
    assert.ok(sim().commands.includes(`vm_delete 1001@${ACME} ${uuid}`));
  } finally {
    await close();
  }
});

test('the PIN form names a wrong PIN in an alert and saves a good one; a WAV greeting is uploaded and playable', async () => {
  const { page, close } = await openAsAgent();
  try {
    await page.goto(`${suite.server.url}/voicemail/messages`);
    const pin = page.getByTestId('vm-pin-1001');
    await pin.waitFor({ timeout: 10_000 });
    await pin.getByLabel('New PIN').fill('12');
    await pin.getByLabel('Repeat the PIN').fill('12');
    await pin.getByRole('button', { name: 'Set PIN' }).click();
    await pin.getByRole('alert').getByText('A voicemail PIN has 4 to 10 digits.').waitFor({ timeout: 5_000 });
    assert.is(await pin.getByLabel('New PIN').getAttribute('aria-invalid'), 'true');
    await pin.getByLabel('New PIN').fill('4321');
    await pin.getByLabel('Repeat the PIN').fill('4312');
    await pin.getByRole('button', { name: 'Set PIN' }).click();
    await pin.getByRole('alert').getByText('The two PINs differ').waitFor({ timeout: 5_000 });
    await pin.getByLabel('Repeat the PIN').fill('4321');
    await pin.getByRole('button', { name: 'Set PIN' }).click();
    await pin.getByRole('status').getByText('Saved.').waitFor({ timeout: 5_000 });
    assert.is(sim().voicemail.preferences('1001', ACME).password, '4321');

    const greeting = page.getByTestId('vm-greeting-1001');
    await greeting.getByLabel('Upload a WAV file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await greeting.getByRole('button', { name: 'Upload greeting' }).click();
    await greeting.getByRole('alert').getByText('Choose a WAV file').waitFor({ timeout: 5_000 });
    await greeting.getByLabel('Upload a WAV file').setInputFiles({ name: 'hello.wav', mimeType: 'audio/wav', buffer: toneWav(2, 16_000) });
    await greeting.getByRole('button', { name: 'Upload greeting' }).click();
    await greeting.getByRole('status').getByText('Saved. Callers hear your new greeting.').waitFor({ timeout: 10_000 });
    assert.ok(sim().voicemail.preferences('1001', ACME).greetingPath, 'selected in mod_voicemail');
    const player = greeting.locator('audio').first();
    await page.getByRole('heading', { name: 'Voicemail', level: 1 }).click();
    await waitFor(() => player.evaluate((el: HTMLAudioElement) => el.play().then(() => true, () => false)), 10_000, 'the greeting to play');
    await waitFor(() => player.evaluate((el: HTMLAudioElement) => el.readyState >= 2 && Math.abs(el.duration - 2) < 0.2), 10_000, 'the greeting to load');
    await page.screenshot({ path: `${SHOTS}/voicemail-settings.png`, fullPage: true });
  } finally {
    await close();
  }
});

test.run();
