// Several FreeSWITCH servers as one Pbx. Each has its own ESL link
// (connection.ts), whose events say which server they came from; the live
// state keeps each server's part apart (server/live/reduce.ts). A command goes
// where it can act (route.ts): a channel's to the server holding it, a call to
// a user to the server the phone is registered on. The first server listed is
// the home server: it runs mod_callcenter's queues and answers for mod_voicemail
// and the fax gateway.
import type { EslEndpoint } from '../config.ts';
import { connectPbx, PbxCommandError, PbxDownError, type Pbx, type PbxOptions } from './connection.ts';
import type { PbxEvent } from './events.ts';
import { commandTarget, joinRows } from './route.ts';
import { Whereabouts } from './whereabouts.ts';

interface Member {
  name: string;
  pbx: Pbx;
}

const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

export const serverName = (e: EslEndpoint) => `${e.host}:${e.port}`;

/** One FreeSWITCH: one link, its events untagged (as ever). Several: a cluster, each event tagged with its server. */
export function connectServers(endpoints: EslEndpoint[], options: Omit<PbxOptions, 'host' | 'port' | 'password'>): Pbx {
  return endpoints.length === 1 ? connectPbx({ ...endpoints[0]!, ...options }) : connectCluster(endpoints, options);
}

/** `options` apply to every link; the home server alone provisions and reads mod_callcenter and mod_voicemail. */
export function connectCluster(endpoints: EslEndpoint[], options: Omit<PbxOptions, 'host' | 'port' | 'password'>): Pbx {
  if (endpoints.length === 0) throw new Error('connectCluster needs at least one ESL endpoint');
  const { callcenterPlan, mailboxes, ...shared } = options;
  const members: Member[] = endpoints.map((endpoint, i) => {
    const name = serverName(endpoint);
    const log = options.log && ((level: Parameters<NonNullable<PbxOptions['log']>>[0], msg: string) => options.log!(level, `${name}: ${msg}`));
    const home = i === 0 ? { callcenterPlan, mailboxes } : {};
    return { name, pbx: connectPbx({ ...shared, ...endpoint, ...home, log, server: name }) };
  });
  const home = members[0]!;
  const where = new Whereabouts();
  const listeners = new Set<(event: PbxEvent) => void>();
  let up = false;

  const emit = (event: PbxEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        options.log?.('error', `a PBX event listener threw on ${event.kind}: ${(err as Error).stack ?? err}`);
      }
    }
  };

  for (const member of members) {
    member.pbx.onEvent((event) => {
      if (event.kind !== 'link') {
        where.note(member.name, event);
        emit(event);
        return;
      }
      // The tenants see one link: up while any server is.
      const anyUp = members.some((m) => m.pbx.connected);
      if (anyUp !== up) {
        up = anyUp;
        emit({ kind: 'link', at: event.at, up });
      }
      if (!event.up) {
        // Its phones and calls are out of reach until it is back (its resync then restores them):
        // as a resync of this server that found nothing. Queues and voicemail counts are left alone.
        where.forget(member.name);
        emit({ kind: 'resync', at: nowMicros(), server: member.name, registrations: [], channels: [] });
      }
    });
  }

  const byName = (name: string | undefined) => members.find((m) => m.name === name);
  const upMembers = () => members.filter((m) => m.pbx.connected);

  /** A channel no server is known to hold (a node started since): each is asked until one knows it. */
  async function askEach(run: (pbx: Pbx) => Promise<string>): Promise<string> {
    let last: unknown = new PbxDownError();
    for (const m of upMembers()) {
      try {
        const answer = await run(m.pbx);
        // uuid_exists answers "false" rather than -ERR.
        if (answer.trim() !== 'false') return answer;
        last = answer;
      } catch (err) {
        if (!(err instanceof PbxCommandError) && !(err instanceof PbxDownError)) throw err;
        last = err;
      }
    }
    if (typeof last === 'string') return last;
    throw last;
  }

  async function run(command: string, how: (pbx: Pbx) => Promise<string>): Promise<string> {
    const target = commandTarget(command);
    switch (target.kind) {
      case 'channel': {
        const holder = byName(where.channel(target.uuid));
        return holder ? how(holder.pbx) : askEach(how);
      }
      case 'user':
        return how((byName(where.user(target.user, target.domain)) ?? home).pbx);
      case 'every': {
        const live = upMembers();
        if (live.length === 0) throw new PbxDownError();
        const answers = await Promise.allSettled(live.map((m) => how(m.pbx)));
        const done = answers.find((a) => a.status === 'fulfilled');
        if (done) return done.value;
        throw (answers[0] as PromiseRejectedResult).reason;
      }
      case 'rows': {
        const live = upMembers();
        if (live.length === 0) throw new PbxDownError();
        return joinRows(await Promise.all(live.map((m) => how(m.pbx))));
      }
      case 'home':
        return how(home.pbx);
    }
  }

  return {
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    api: (command) => run(command, (pbx) => pbx.api(command)),
    bgapi: (command) => run(command, (pbx) => pbx.bgapi(command)),
    async reprovision() {
      await Promise.all(members.map((m) => m.pbx.reprovision()));
    },
    get connected() {
      return up;
    },
    async close() {
      await Promise.all(members.map((m) => m.pbx.close()));
    },
  };
}
