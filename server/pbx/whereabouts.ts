// Which FreeSWITCH holds each live channel and each phone's registration,
// learnt from the servers' own events: where server/pbx/cluster.ts sends a
// command about a channel or a call to a user.
import type { PbxEvent } from './events.ts';

export class Whereabouts {
  private readonly channels = new Map<string, string>();
  /** By `user@domain`: each registration's Call-ID and server, the latest last. */
  private readonly phones = new Map<string, Map<string, string>>();

  note(server: string, event: PbxEvent): void {
    switch (event.kind) {
      case 'channel-created':
        this.channels.set(event.channel.uuid, server);
        return;
      case 'channel-hangup-complete':
        this.channels.delete(event.channel.uuid);
        return;
      case 'registered': {
        const { user, domain, callId } = event.registration;
        const held = this.phonesOf(user, domain);
        // Moved to the end: the phone's latest word says where it is now.
        held.delete(callId);
        held.set(callId, server);
        return;
      }
      case 'unregistered': {
        const key = `${event.user}@${event.domain.toLowerCase()}`;
        const held = this.phones.get(key);
        if (held?.get(event.callId) !== server) return;
        held.delete(event.callId);
        if (held.size === 0) this.phones.delete(key);
        return;
      }
      case 'resync':
        this.forget(server);
        for (const c of event.channels) this.channels.set(c.uuid, server);
        for (const r of event.registrations) this.phonesOf(r.user, r.domain).set(r.callId, server);
        return;
      default:
        return;
    }
  }

  /** The server went away: what it held is nowhere we can reach. */
  forget(server: string): void {
    for (const [uuid, s] of this.channels) if (s === server) this.channels.delete(uuid);
    for (const [key, held] of this.phones) {
      for (const [callId, s] of held) if (s === server) held.delete(callId);
      if (held.size === 0) this.phones.delete(key);
    }
  }

  channel(uuid: string): string | undefined {
    return this.channels.get(uuid);
  }

  /** The server of the user's most recent registration. */
  user(user: string, domain: string): string | undefined {
    const held = this.phones.get(`${user}@${domain.toLowerCase()}`);
    return held ? [...held.values()].at(-1) : undefined;
  }

  private phonesOf(user: string, domain: string): Map<string, string> {
    const key = `${user}@${domain.toLowerCase()}`;
    let held = this.phones.get(key);
    if (!held) this.phones.set(key, (held = new Map()));
    return held;
  }
}
