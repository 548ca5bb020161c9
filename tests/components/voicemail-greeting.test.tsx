// Voicemail → Messages, the greeting form against msw: without a file, or
// with one that is not WAV, nothing is uploaded; a WAV file is sent as the
// body (audio/wav), then plays as the greeting; the server's refusal of the
// file is shown. With a (fake) microphone a greeting recorded here is sent
// as a 16 kHz mono WAV; a microphone the browser refuses is explained.
import { render, screen, waitFor, within } from '@solidjs/testing-library';
import { http, HttpResponse } from 'msw';
import * as assert from 'uvu/assert';
import type { VoicemailBox, VoicemailBoxes } from '../../common/voicemail.ts';
import Voicemail from '../../client/src/pages/Voicemail.tsx';
import { componentTests, pickFiles, user, valueOf } from '../helpers/components.tsx';

/** A WAV file's first bytes (what the server reads; it converts the rest). */
const WAV = () => new File(['RIFF\x24\x00\x00\x00WAVEfmt '], 'Welcome to Acme.wav', { type: 'audio/wav' });
// The server's words for a WAV it cannot read (server/voicemail/greeting.ts).
const UNREADABLE = 'This WAV file could not be read. Save it again as PCM (16-bit) and try again.';

let box: VoicemailBox;
let uploads: { extension: string; type: string | null; bytes: Uint8Array }[] = [];
const { test, api } = componentTests(
  http.get('/api/voicemail', () => HttpResponse.json({ boxes: [box] } satisfies VoicemailBoxes)),
  http.post<{ extension: string }>('/api/voicemail/:extension/greeting', async ({ params, request }) => {
    uploads.push({ extension: params.extension, type: request.headers.get('content-type'), bytes: new Uint8Array(await request.arrayBuffer()) });
    box = { ...box, hasGreeting: true };
    return new HttpResponse(null, { status: 204 });
  }),
);
test.before.each(() => {
  box = { extension: '1001', enabled: true, hasPin: false, hasGreeting: false, messages: [] };
  uploads = [];
});
test.after.each(() => removeMicrophone());

async function openGreetingForm() {
  render(() => <Voicemail />);
  const form = await screen.findByTestId('vm-greeting-1001');
  return {
    you: user(),
    form,
    file: within(form).getByLabelText('Upload a WAV file'),
    upload: () => within(form).getByRole('button', { name: /^(Upload greeting|Uploading…)$/ }),
    alert: () => within(form).getByRole('alert').textContent,
    status: () => within(form).getByRole('status').textContent,
  };
}
const text = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));

test('without a file, or with one that is not WAV, the form says so and nothing is uploaded', async () => {
  const { you, file, upload, alert } = await openGreetingForm();
  await you.click(upload());
  await waitFor(() => assert.is(alert(), 'Choose a WAV file to upload, or record a greeting.'));
  assert.is(document.activeElement, file);

  pickFiles(file, new File(['ID3'], 'Welcome to Acme.mp3', { type: 'audio/mpeg' }));
  await you.click(upload());
  await waitFor(() => assert.is(alert(), 'Choose a WAV file (.wav). Other formats are not accepted.'));
  assert.equal(uploads, []);
  assert.equal(
    api.calls.map((c) => `${c.method} ${c.path}`),
    ['GET /api/voicemail'],
  );
});

test('a WAV file is sent as it is, as audio/wav; then it plays as the greeting', async () => {
  const { you, form, file, upload, alert, status } = await openGreetingForm();
  assert.match(form.textContent!, 'Callers hear the standard greeting.');
  assert.is(form.querySelector('audio'), null);
  pickFiles(file, WAV());
  await you.click(upload());

  await waitFor(() => assert.is(status(), 'Saved. Callers hear your new greeting.'));
  assert.is(uploads.length, 1);
  assert.is(uploads[0]!.extension, '1001');
  assert.is(uploads[0]!.type, 'audio/wav');
  assert.is(text(uploads[0]!.bytes, 0, 16), 'RIFF\x24\x00\x00\x00WAVEfmt ');
  assert.is(alert(), '');
  assert.is(valueOf(file), '', 'the file field is emptied');
  const player = within(form).getByLabelText('Callers hear your greeting:');
  assert.is(player.tagName, 'AUDIO');
  assert.is(player.getAttribute('src'), '/api/voicemail/1001/greeting?v=1', 'the new greeting, not a cached old one');
  assert.not.match(form.textContent!, 'Callers hear the standard greeting.');
  await waitFor(() =>
    assert.equal(
      api.calls.map((c) => `${c.method} ${c.path}`),
      ['GET /api/voicemail', 'POST /api/voicemail/1001/greeting', 'GET /api/voicemail'],
    ),
  );
});

test('the server’s refusal of the file is shown, and the file can be sent again', async () => {
  // Refused once; the file's handler takes the next one.
  api.use(http.post('/api/voicemail/:extension/greeting', () => HttpResponse.json({ error: UNREADABLE }, { status: 400 }), { once: true }));
  const { you, form, file, upload, alert, status } = await openGreetingForm();
  pickFiles(file, WAV());
  await you.click(upload());
  await waitFor(() => assert.is(alert(), UNREADABLE));
  assert.is(status(), '');
  assert.is(form.querySelector('audio'), null);
  assert.is((file as HTMLInputElement).files?.[0]?.name, 'Welcome to Acme.wav', 'the file stays chosen');
  assert.is(upload().textContent, 'Upload greeting');

  await you.click(upload());
  await waitFor(() => assert.is(status(), 'Saved. Callers hear your new greeting.'));
  assert.is(alert(), '');
  assert.is(uploads.length, 1);
});

test('a greeting recorded here is sent as a 16 kHz mono WAV, and the microphone is let go', async () => {
  const mic = installMicrophone();
  const { you, form, upload, alert, status } = await openGreetingForm();
  const recorder = within(form).getByRole('group', { name: 'Record a greeting' });
  await you.click(within(recorder).getByRole('button', { name: 'Record a greeting' }));
  await waitFor(() => assert.is(within(recorder).getByRole('status').textContent, 'Recording… 0 s'));
  assert.ok(mic.on(), 'the microphone is in use');

  await you.click(within(recorder).getByRole('button', { name: 'Stop recording' }));
  const take = await within(recorder).findByLabelText('Your recording');
  assert.match(take.getAttribute('src')!, /^blob:/);
  assert.not.ok(mic.on(), 'the microphone is let go when the recording stops');
  assert.equal(uploads, [], 'nothing is sent until the person chooses to');
  assert.ok(within(recorder).getByRole('button', { name: 'Record again' }));

  await you.click(within(recorder).getByRole('button', { name: 'Use this recording' }));
  await waitFor(() => assert.is(status(), 'Saved. Callers hear the greeting you recorded.'));
  const [sent] = uploads;
  assert.is(sent?.type, 'audio/wav');
  const wav = new DataView(sent!.bytes.buffer);
  assert.is(text(sent!.bytes, 0, 4), 'RIFF');
  assert.is(text(sent!.bytes, 8, 16), 'WAVEfmt ');
  assert.is(wav.getUint16(20, true), 1, 'PCM');
  assert.is(wav.getUint16(22, true), 1, 'mono');
  assert.is(wav.getUint32(24, true), 16_000, '16 kHz');
  assert.is(wav.getUint16(34, true), 16, '16-bit');
  // A quarter of a second at 16 kHz, as the recording lasted.
  assert.is(wav.getUint32(40, true), 4_000 * 2);
  assert.is(sent!.bytes.length, 44 + 4_000 * 2);
  assert.is(wav.getInt16(44, true), 16_383, 'half scale: 0.5 × 32,767');
  assert.is(wav.getInt16(44 + 2 * 3_999, true), 16_383, 'to the last sample');
  assert.is(alert(), '');
  assert.is(within(recorder).queryByLabelText('Your recording'), null, 'the take is done with');
  assert.ok(within(form).getByLabelText('Callers hear your greeting:'));
  assert.is(upload().textContent, 'Upload greeting');
});

test('a microphone the browser refuses is explained, and nothing is sent', async () => {
  installMicrophone({ refuse: true });
  const { you, form, alert } = await openGreetingForm();
  await you.click(within(form).getByRole('button', { name: 'Record a greeting' }));
  await waitFor(() => assert.is(alert(), 'The microphone could not be used. Allow this page to use it, or upload a WAV file instead.'));
  assert.is(within(form).queryByRole('button', { name: 'Stop recording' }), null);
  assert.equal(
    api.calls.map((c) => c.method),
    ['GET'],
  );
});

// ── A fake microphone: what the browser's MediaRecorder and Web Audio give ──
// happy-dom has neither, so GreetingForm offers no recording without these.
// The recording "decodes" to a quarter of a second; rendered at 16 kHz it is
// 4,000 samples at half scale. Everything from there on (the WAV, the upload)
// is the page's own.

const RECORDED_SECONDS = 0.25;
const installed: string[] = [];
let mediaDevices: PropertyDescriptor | undefined;

function installMicrophone(options: { refuse?: boolean } = {}) {
  let tracksLive = 0;
  class FakeRecorder {
    state: 'inactive' | 'recording' = 'inactive';
    mimeType = 'audio/webm;codecs=opus';
    ondataavailable: ((e: { data: Blob }) => void) | null = null;
    onstop: (() => void) | null = null;
    start() {
      this.state = 'recording';
    }
    stop() {
      this.state = 'inactive';
      this.ondataavailable?.({ data: new Blob(['OggS opus frames'], { type: this.mimeType }) });
      void this.onstop?.();
    }
  }
  class FakeAudioContext {
    async decodeAudioData(data: ArrayBuffer) {
      assert.is(new TextDecoder().decode(data), 'OggS opus frames', 'the recorder’s data is what is decoded');
      return { duration: RECORDED_SECONDS, numberOfChannels: 2, sampleRate: 48_000 };
    }
    close() {
      return Promise.resolve();
    }
  }
  class FakeOfflineAudioContext {
    destination = {};
    constructor(
      readonly channels: number,
      readonly length: number,
      readonly rate: number,
    ) {}
    createBufferSource() {
      return { buffer: null, connect() {}, start() {} };
    }
    async startRendering() {
      const samples = new Float32Array(this.length).fill(0.5);
      return { getChannelData: (channel: number) => (channel === 0 && this.channels === 1 ? samples : new Float32Array(0)) };
    }
  }
  const globals = { MediaRecorder: FakeRecorder, AudioContext: FakeAudioContext, OfflineAudioContext: FakeOfflineAudioContext };
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    installed.push(name);
  }
  mediaDevices = Object.getOwnPropertyDescriptor(navigator, 'mediaDevices') ?? { value: undefined, configurable: true };
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      getUserMedia: async (constraints: MediaStreamConstraints) => {
        assert.equal(constraints, { audio: true });
        if (options.refuse) throw new DOMException('Permission denied', 'NotAllowedError');
        tracksLive++;
        return { getTracks: () => [{ stop: () => (tracksLive = 0) }] };
      },
    },
  });
  return { on: () => tracksLive > 0 };
}

function removeMicrophone() {
  for (const name of installed.splice(0)) delete (globalThis as Record<string, unknown>)[name];
  if (mediaDevices) Object.defineProperty(navigator, 'mediaDevices', mediaDevices);
  mediaDevices = undefined;
}

test.run();
