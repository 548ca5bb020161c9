// A phone dials: the simulator asks the dialplan over HTTP exactly as
// mod_xml_curl does (a form POST of the channel's fields), then runs the
// applications it understands. Kept out of index.ts on purpose: it needs an
// XML parser, a development dependency, and only tests dial.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PbxSimulator } from './simulator.ts';

export interface DialOptions {
  /** Where mod_xml_curl's dialplan binding points, e.g. http://127.0.0.1:8080/freeswitch/dialplan. */
  dialplanUrl: string;
  /** The calling extension (authenticated, as sofia would have it). */
  from: string;
  /** What it dialled. */
  to: string;
  domain: string;
  /** mod_xml_curl's gateway-credentials, sent as HTTP basic auth. */
  credentials?: string;
}

export type DialplanAction = { application: string; data: string | undefined };

export interface DialResult {
  /** FreeSWITCH's "result not found": no route for this number. */
  notFound: boolean;
  /** Every action of the matching extension, in order. */
  actions: DialplanAction[];
  /** The applications the simulator carried out (the rest it only records). */
  executed: string[];
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['context', 'extension', 'condition', 'action'].includes(name) });

interface XmlAction { application: string; data?: string }
interface XmlCondition { field?: string; expression?: string; action?: XmlAction[] }
interface XmlExtension { name?: string; condition?: XmlCondition[] }
interface XmlContext { name: string; extension?: XmlExtension[] }
interface XmlDocument {
  document?: { section?: { name: string; context?: XmlContext[]; result?: { status: string } } };
}

/** The `event` application's data: `Name=value` pairs separated by commas. */
function eventHeaders(data: string): { subclass: string | undefined; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let subclass: string | undefined;
  for (const pair of data.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (name === 'Event-Subclass') subclass = value;
    else if (name !== 'Event-Name') headers[name] = value;
  }
  return { subclass, headers };
}

/** The actions of the first extension whose destination_number condition matches. */
function matchingActions(doc: XmlDocument, context: string, destination: string): DialplanAction[] | undefined {
  const section = doc.document?.section;
  if (!section || section.name !== 'dialplan') return undefined;
  for (const ctx of section.context ?? []) {
    if (ctx.name !== context) continue;
    for (const ext of ctx.extension ?? []) {
      for (const cond of ext.condition ?? []) {
        if (cond.field !== 'destination_number' || !new RegExp(cond.expression ?? '').test(destination)) continue;
        return (cond.action ?? []).map((a) => ({ application: a.application, data: a.data }));
      }
    }
  }
  return undefined;
}

export async function dial(sim: PbxSimulator, o: DialOptions): Promise<DialResult> {
  const uuid = sim.startCall({ from: o.from, to: o.to, domain: o.domain });
  const fields = new URLSearchParams({
    hostname: 'simulator',
    section: 'dialplan',
    tag_name: '',
    key_name: '',
    key_value: '',
    'Event-Name': 'REQUEST_PARAMS',
    'Core-UUID': sim.coreUuid,
    'Unique-ID': uuid,
    'Call-Direction': 'inbound',
    'Channel-Name': `sofia/internal/${o.from}@${o.domain}`,
    'Caller-Username': o.from,
    'Caller-Dialplan': 'XML',
    'Caller-Caller-ID-Name': o.from,
    'Caller-Caller-ID-Number': o.from,
    'Caller-Destination-Number': o.to,
    'Caller-Context': o.domain,
    'Caller-Unique-ID': uuid,
    'Hunt-Destination-Number': o.to,
    'Hunt-Context': o.domain,
    variable_domain_name: o.domain,
    variable_user_name: o.from,
    variable_sip_from_user: o.from,
    variable_sip_req_user: o.to,
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (o.credentials) headers.authorization = `Basic ${Buffer.from(o.credentials).toString('base64')}`;
  const res = await fetch(o.dialplanUrl, { method: 'POST', headers, body: fields, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  if (!res.ok || XMLValidator.validate(text) !== true) {
    sim.hangup(uuid, 'NO_ROUTE_DESTINATION');
    throw new Error(`the dialplan binding answered ${res.status} with no valid XML: ${text.slice(0, 120)}`);
  }
  const actions = matchingActions(parser.parse(text) as XmlDocument, o.domain, o.to);
  if (!actions) {
    sim.hangup(uuid, 'NO_ROUTE_DESTINATION');
    return { notFound: true, actions: [], executed: [] };
  }
  const executed: string[] = [];
  for (const { application, data } of actions) {
    if (application === 'answer') sim.answer(uuid);
    else if (application === 'event' && data) {
      const { subclass, headers: eventFields } = eventHeaders(data);
      if (subclass) sim.fireCustom(subclass, eventFields, uuid);
    } else if (application === 'hangup') sim.hangup(uuid, data || 'NORMAL_CLEARING');
    else continue;
    executed.push(application);
  }
  sim.hangup(uuid); // no-op when the dialplan hung up already
  return { notFound: false, actions, executed };
}
