// server/resume/hold.ts with several FreeSWITCH servers: it learns each
// registration's contact from its server's events, and one server's
// read-back (a resync, or the empty one of an outage) replaces what it
// learnt from that server only. A phone on server A that vanishes mid-call
// after server B came back is still looked for ("show calls as json").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LiveStore } from '../../../server/live/store.ts';
import { fsDirection } from '../../../server/pbx/direction.ts';
import type { PbxEvent } from '../../../server/pbx/events.ts';
import { BACK_WITHIN_MS, holdVanishedCalls } from '../../../server/resume/hold.ts';
import { waitFor } from '../../helpers/wait.ts';

const DOMAIN = 'acme.pbx.test';
const A = '127.0.0.1:8021';
const B = '127.0.0.1:8022';

test("an outage of server B does not make Switchboard forget the contacts of server A's phones", async () => {
  const live = new LiveStore([{ id: 't-acme', name: 'Acme', domain: DOMAIN, credit: '0', currency: 'USD', queues: 0, extensions: [{ number: '1001', dnd: false }] }]);
  const listeners: ((event: PbxEvent) => void)[] = [];
  const asked: string[] = [];
  const hold = holdVanishedCalls({
    pbx: {
      onEvent: (listener) => {
        listeners.push(listener);
        return () => undefined;
      },
      // No call of that contact: nothing to hold; what matters is that it was looked for.
      api: async (command) => {
        asked.push(command);
        return '{"row_count": 0}';
      },
    },
    live,
    deliver: (event) => live.ingest(event),
    log: { warn: () => undefined, info: () => undefined },
    seconds: 60,
  });
  const emit = (event: PbxEvent) => {
    live.ingest(event);
    for (const listener of listeners) listener(event);
  };
  try {
    const registration = { user: '1001', domain: DOMAIN, callId: 'tab-1', contact: 'sip:fuip5hj7@e48ea9ajfe3m.invalid;transport=ws', networkIp: '10.0.0.5', networkPort: 5060, userAgent: 'JsSIP', expiresAt: 2e9 };
    // Read back from A (a REGISTER just now would count as the phone coming back: see BACK_WITHIN_MS).
    const leg = { uuid: 'leg-1', direction: fsDirection('outbound'), domain: DOMAIN, extension: '1001', callerIdName: '', callerIdNumber: '+15145551212', destination: '1001', answeredAt: 3, createdAt: 2 };
    emit({ kind: 'resync', at: 1, registrations: [registration], channels: [leg], server: A });
    emit({ kind: 'resync', at: 4, registrations: [], channels: [], server: B });
    emit({ kind: 'unregistered', at: 5, reason: 'unregister', user: '1001', domain: DOMAIN, callId: 'tab-1', server: A });
    await waitFor(() => asked.includes('show calls as json'), BACK_WITHIN_MS + 5000, "the vanished phone's calls to be looked for");
  } finally {
    await hold.close();
  }
});

test.run();
