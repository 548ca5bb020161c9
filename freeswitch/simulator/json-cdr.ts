// mod_json_cdr: when a channel reaches CS_REPORTING, FreeSWITCH posts its
// CDR as JSON to the configured URL, whether or not anyone listens on ESL.
// As json_cdr.conf.xml configures it and FreeSWITCH 1.10.12 really sends it
// (tests/freeswitch/cdr.test.ts): encode=false and encode-values=false, so
// the body is the JSON text with raw values, but labelled Content-Type:
// application/x-www-form-urlencoded (disable-100-continue makes mod_json_cdr
// drop its own Content-Type header); `?uuid=` on the URL; `retries` more
// attempts `delay` apart, then the CDR is only kept on disk (err-log-dir),
// here: in `failed`.
import type { SimEvent } from './event.ts';

export interface JsonCdrTarget {
  url: string;
  /** `user:password` for HTTP basic auth (the `cred` param). */
  cred?: string;
  retries?: number;
  delayMs?: number;
}

/** switch_ivr_generate_json_cdr's document for a CHANNEL_HANGUP_COMPLETE, from the same channel data. */
export function jsonCdrDocument(event: SimEvent): object {
  const variables: Record<string, string> = {};
  const h = event.headers;
  for (let i = 0; i < h.length; i += 2) {
    const name = h[i]!;
    if (name.startsWith('variable_')) variables[name.slice('variable_'.length)] = h[i + 1]!;
  }
  const get = (name: string) => event.header(name) ?? '';
  return {
    'core-uuid': get('Core-UUID'),
    switchname: get('FreeSWITCH-Switchname'),
    channel_data: {
      state: get('Channel-State'),
      direction: get('Call-Direction'),
      state_number: get('Channel-State-Number'),
    },
    variables,
    callflow: [
      {
        dialplan: 'XML',
        profile_index: '1',
        caller_profile: {
          username: get('Caller-Username'),
          caller_id_name: get('Caller-Caller-ID-Name'),
          caller_id_number: get('Caller-Caller-ID-Number'),
          ani: get('Caller-ANI'),
          network_addr: get('Caller-Network-Addr'),
          destination_number: get('Caller-Destination-Number'),
          uuid: get('Unique-ID'),
          source: get('Caller-Source'),
          context: get('Caller-Context'),
          chan_name: get('Caller-Channel-Name'),
        },
        times: {
          created_time: get('Caller-Channel-Created-Time'),
          profile_created_time: get('Caller-Profile-Created-Time'),
          answered_time: get('Caller-Channel-Answered-Time'),
          hangup_time: get('Caller-Channel-Hangup-Time'),
          transfer_time: '0',
        },
      },
    ],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts one CDR as mod_json_cdr does; resolves true once a 2xx came back, false when every attempt failed. */
export async function postJsonCdr(target: JsonCdrTarget, event: SimEvent, signal?: AbortSignal): Promise<boolean> {
  const body = JSON.stringify(jsonCdrDocument(event));
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'freeswitch-json/1.0',
  };
  if (target.cred) headers.authorization = `Basic ${Buffer.from(target.cred).toString('base64')}`;
  const url = `${target.url}?uuid=${encodeURIComponent(event.header('Unique-ID') ?? '')}`;
  const attempts = 1 + (target.retries ?? 2);
  for (let attempt = 0; attempt < attempts && !signal?.aborted; attempt++) {
    if (attempt > 0) await sleep(target.delayMs ?? 200);
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: signal ?? null });
      await res.arrayBuffer();
      if (res.status >= 200 && res.status < 300) return true;
    } catch {
      // Refused or aborted: like curl, try again after the delay.
    }
  }
  return false;
}
