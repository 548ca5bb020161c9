// The screens that watch while a fault is injected: socket clients that
// follow live state as a browser tab does (snapshot, patches in sequence, a
// new snapshot after reconnecting), each keeping a timeline of what it showed
// about the PBX link; and the comparison of what they show with FreeSWITCH's
// own answers (`show registrations`, `show channels`, mod_callcenter's agents).
import { io } from 'socket.io-client';
import { follow, type LiveSocket, type LiveView } from '../tests/helpers/live-client.ts';
import { signIn } from '../tests/helpers/browser-session.ts';
import { DEMO_PASSWORD } from '../tests/helpers/server.ts';
import { waitFor } from '../tests/helpers/wait.ts';
import { DOMAIN } from './traffic.ts';

export interface Mark {
  at: number;
  /** What the screen says about the PBX link (`pbxConnected`), or that the tab lost its socket. */
  shows: 'pbx-up' | 'pbx-down' | 'socket-lost';
}

export interface Screen {
  name: string;
  view: LiveView;
  socket: LiveSocket;
  marks: Mark[];
}

/** A browser tab of `email` on `baseUrl`: reconnects by itself (as Socket.IO does in a browser), every move on its timeline. */
export async function openScreen(baseUrl: string, email: string, name = email): Promise<Screen> {
  const cookie = await signIn(baseUrl, email, DEMO_PASSWORD);
  const socket: LiveSocket = io(baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    forceNew: true,
    reconnectionDelay: 250,
    reconnectionDelayMax: 1000,
  });
  const view = follow(socket);
  // The tab shows the Dashboard: its counters come only while watched, asked again on every (re)connect as the browser does.
  socket.on('connect', () => socket.emit('figures-watch', true));
  const marks: Mark[] = [];
  const mark = (shows: Mark['shows']) => {
    if (marks.at(-1)?.shows !== shows) marks.push({ at: Date.now(), shows });
  };
  socket.on('snapshot', (s) => mark(s.tenant?.state.pbxConnected ? 'pbx-up' : 'pbx-down'));
  socket.on('patch', (p) => {
    const set = p.set as { pbxConnected?: boolean };
    if (p.scope === 'tenant' && set.pbxConnected !== undefined) mark(set.pbxConnected ? 'pbx-up' : 'pbx-down');
  });
  socket.on('disconnect', () => mark('socket-lost'));
  await waitFor(() => view.figures !== undefined, 10_000, `the first snapshot with the counters for ${email}`);
  return { name, view, socket, marks };
}

/** What FreeSWITCH itself says, read over fs_cli. */
export interface Truth {
  /** extension → Call-IDs of its registrations. */
  devices: Map<string, string[]>;
  deviceCount: number;
  /** Inbound legs of the tenant's calls (what the activeCalls figure counts). */
  activeCalls: number;
  /** mod_callcenter agent name → status. */
  agents: Map<string, string>;
  /** The tenant's balance in the database: the header shows it. */
  credit: string;
}

type Rows = { rows?: Record<string, string>[] };

export interface Judges {
  api(command: string): Promise<string>;
  credit(): Promise<string>;
}

export async function readTruth({ api, credit }: Judges): Promise<Truth> {
  const [registrations, channels, agents, balance] = await Promise.all([
    api('show registrations as json'),
    api('show channels as json'),
    api('callcenter_config agent list'),
    credit(),
  ]);
  const devices = new Map<string, string[]>();
  let deviceCount = 0;
  for (const r of (JSON.parse(registrations) as Rows).rows ?? []) {
    if (r.realm !== DOMAIN) continue;
    deviceCount++;
    devices.set(r.reg_user!, [...(devices.get(r.reg_user!) ?? []), r.token!].sort());
  }
  const activeCalls = ((JSON.parse(channels) as Rows).rows ?? []).filter(
    (r) => r.direction === 'inbound' && (r.presence_id ?? '').endsWith(`@${DOMAIN}`),
  ).length;
  return { devices, deviceCount, activeCalls, agents: agentStatuses(agents), credit: balance };
}

/** `callcenter_config agent list`: a `|` table with a header line, ended by +OK. */
function agentStatuses(output: string): Map<string, string> {
  const lines = output.split('\n').filter((l) => l && !l.startsWith('+OK'));
  const names = lines.shift()?.split('|') ?? [];
  const name = names.indexOf('name');
  const status = names.indexOf('status');
  return new Map(lines.map((l) => l.split('|')).map((v) => [v[name]!, v[status]!]));
}

/** Where a screen differs from the truth (empty: it shows exactly what FreeSWITCH holds). */
export function differences(screen: Screen, truth: Truth): string[] {
  const view = screen.view;
  const out: string[] = [];
  const tenant = view.tenant?.state;
  const figures = view.figures?.state;
  if (!screen.socket.connected) out.push('socket not connected');
  if (!tenant?.pbxConnected) out.push('PBX link shown down');
  if (figures?.devices !== truth.deviceCount) out.push(`devices ${figures?.devices} ≠ ${truth.deviceCount}`);
  if (figures?.activeCalls !== truth.activeCalls) out.push(`active calls ${figures?.activeCalls} ≠ ${truth.activeCalls}`);
  if (Number(tenant?.credit) !== Number(truth.credit)) out.push(`credit ${tenant?.credit} ≠ ${truth.credit}`);
  for (const [number, ext] of Object.entries(view.extensions)) {
    const shown = ext.state.devices.map((d) => d.callId).sort().join(',');
    const held = (truth.devices.get(number) ?? []).join(',');
    if (shown !== held) out.push(`${number} devices [${shown}] ≠ [${held}]`);
    const agent = ext.state.agent;
    if (agent && truth.agents.has(agent.name) && truth.agents.get(agent.name) !== agent.status) {
      out.push(`${agent.name} ${agent.status} ≠ ${truth.agents.get(agent.name)}`);
    }
  }
  return out;
}

/**
 * Seconds from `since` until every screen, in one look, equals FreeSWITCH's
 * answers; undefined when that did not happen within `ms` (the last
 * differences are kept in `last`).
 */
export async function secondsToTruth(
  screens: Screen[],
  judges: Judges,
  since: number,
  ms = 45_000,
): Promise<{ seconds: number | undefined; last: string[] }> {
  let last: string[] = [];
  try {
    await waitFor(
      async () => {
        const truth = await readTruth(judges).catch((err: Error) => err);
        if (truth instanceof Error) {
          last = [`FreeSWITCH did not answer: ${truth.message.slice(0, 120)}`];
          return false;
        }
        last = screens.flatMap((s) => differences(s, truth).map((d) => `${s.name}: ${d}`));
        return last.length === 0;
      },
      ms,
      'every screen to equal FreeSWITCH',
      200,
    );
    return { seconds: (Date.now() - since) / 1000, last };
  } catch {
    return { seconds: undefined, last };
  }
}

/** The marks every screen made between `from` and `to`, and what each showed at `from`. */
export function duringFault(screens: Screen[], from: number, to: number) {
  return screens.map((s) => ({
    name: s.name,
    before: s.marks.filter((m) => m.at <= from).at(-1)?.shows,
    marks: s.marks.filter((m) => m.at > from && m.at <= to),
  }));
}

export function closeScreens(screens: Screen[]): void {
  for (const s of screens) s.socket.close();
}
