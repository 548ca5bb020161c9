// Event values reach Switchboard exactly as FreeSWITCH sent them. Our link
// subscribes with `event json`, whose values are raw (recorded:
// tests/fixtures/freeswitch/pbx.json), and modesl URL-decodes `event plain`
// values itself — so parse.ts must not decode again: a caller name with a
// literal `%41` or `100%` stays as it is.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PbxSimulator } from '../../../freeswitch/simulator/index.ts';
import { connectPbx } from '../../../server/pbx/connection.ts';
import type { PbxEvent } from '../../../server/pbx/events.ts';
import { plainHeaders } from '../../../server/pbx/headers.ts';
import { parseEvent } from '../../../server/pbx/parse.ts';
import { waitFor } from '../../helpers/wait.ts';

const DOMAIN = 'acme.pbx.test';
const NAME = 'Sales 100%41 %E2%82%AC';

test('a caller name with %XX in it arrives over `event json` unchanged', async () => {
  const sim = new PbxSimulator({ heartbeatMs: 0 });
  const port = await sim.start();
  const pbx = connectPbx({ host: '127.0.0.1', port, password: 'ClueCon', backoff: { baseMs: 20, maxMs: 200 } });
  const events: PbxEvent[] = [];
  pbx.onEvent((e) => events.push(e));
  try {
    await waitFor(() => pbx.connected, 5000, 'the ESL link');
    sim.startCall({ from: '1001', to: '1002', domain: DOMAIN, callerIdName: NAME });
    const created = await waitFor(() => events.find((e) => e.kind === 'channel-created'), 5000, 'channel-created');
    assert.is(created.kind === 'channel-created' && created.channel.callerIdName, NAME);
  } finally {
    await pbx.close();
    await sim.stop();
  }
});

test('json values are taken as they are; plain values are decoded once, as modesl does', () => {
  const json: Record<string, string> = {
    'Event-Name': 'CHANNEL_CREATE',
    'Event-Date-Timestamp': '1767225604009980',
    'Unique-ID': '00000000-0000-4000-8000-000000000003',
    'Caller-Caller-ID-Name': NAME,
  };
  const fromJson = parseEvent((n) => json[n]);
  assert.is(fromJson?.kind === 'channel-created' && fromJson.channel.callerIdName, NAME);
  const plain = plainHeaders(
    'Event-Name: CHANNEL_CREATE\nEvent-Date-Timestamp: 1767225604009980\nUnique-ID: 00000000-0000-4000-8000-000000000003\n' +
      `Caller-Caller-ID-Name: ${encodeURIComponent(NAME)}\n\n`,
  );
  const fromPlain = parseEvent(plain.header);
  assert.is(fromPlain?.kind === 'channel-created' && fromPlain.channel.callerIdName, NAME);
});

test.run();
