// Calls from outside: the carrier profile hands every call to the "did"
// context, and this turns the dialled number's DID route into the actions
// FreeSWITCH runs. Pure: the route looks the DID up and hands it here.
//
//   extension → exactly what an internal call to that extension does
//   queue     → mod_callcenter's queue <name>@<domain>
//   voicemail → the extension's voicemail box
//   fax       → answer and receive with spandsp's rxfax into the shared fax
//               spool; the rxfaxresult then names the tenant and extension
//               (domain_name, dialed_user) the inbound fax belongs to.
// Every route first sets the tenant's domain on the carrier's leg, so its
// events and CDR find their tenant.
import { assertNever } from '../../common/exhaustive.ts';
import { extensionActions, voicemail, type Action, type CalledExtension } from './dialplan.ts';
import { queueActions } from './queue.ts';

/** The context public.xml transfers calls from the carrier profile to. */
export const DID_CONTEXT = 'did';

export type DidRoute =
  | { kind: 'extension'; callee: CalledExtension }
  | { kind: 'queue'; queue: string }
  | { kind: 'voicemail'; extension: string }
  | { kind: 'fax'; extension: string };

/**
 * The dialled number as our DIDs store it (E.164 with the plus). Carriers
 * send `+14155550100`, `14155550100` or `0014155550100`; undefined when it
 * cannot be a public number.
 */
export function didNumber(dialled: string): string | undefined {
  const trimmed = dialled.trim();
  if (!/^\+?\d+$/.test(trimmed)) return undefined;
  const e164 = trimmed.startsWith('+') ? trimmed : trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : `+${trimmed}`;
  return /^\+[1-9]\d{1,14}$/.test(e164) ? e164 : undefined;
}

/** Where rxfax writes a received fax: FreeSWITCH expands ${uuid} to the call's Unique-ID. */
export const rxfaxPath = (rxDir: string) => `${rxDir.replace(/\/+$/, '')}/\${uuid}.tif`;

export interface DidCall {
  /** The DID, E.164. */
  number: string;
  domain: string;
  route: DidRoute;
  /** The folder rxfax writes into; FreeSWITCH must be able to write there. */
  rxDir: string;
  /** How long an extension rings before voicemail (RING_SECONDS), as for an internal call. */
  ringSeconds?: number;
}

export function didActions(call: DidCall): Action[] {
  const { domain, route } = call;
  const tenant: Action[] = [
    ['set', `domain_name=${domain}`],
    ['set', `switchboard_did=${call.number}`],
  ];
  switch (route.kind) {
    case 'extension':
      return [...tenant, ...extensionActions(route.callee, domain, call.ringSeconds)];
    case 'queue':
      return [...tenant, ...queueActions(route.queue, domain)];
    case 'voicemail':
      return [...tenant, ...voicemail(route.extension, domain)];
    case 'fax':
      return [
        ...tenant,
        // The user a call is for, in FreeSWITCH's own words: what the rxfaxresult is attributed to.
        ['set', `dialed_domain=${domain}`],
        ['set', `dialed_user=${route.extension}`],
        // Take T.38 when the carrier re-INVITEs to it; audio (G.711) otherwise.
        ['set', 'fax_enable_t38=true'],
        ['answer'],
        ['rxfax', rxfaxPath(call.rxDir)],
        ['hangup'],
      ];
    default:
      return assertNever(route, 'DID route');
  }
}

/** What the extension in the served document is called (FreeSWITCH logs it). */
export const didExtensionName = (number: string, route: DidRoute) =>
  `DID ${number} to ${route.kind} ${route.kind === 'extension' ? route.callee.number : route.kind === 'queue' ? route.queue : route.extension}`;
