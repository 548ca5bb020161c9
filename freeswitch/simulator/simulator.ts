// A FreeSWITCH stand-in: an Event Socket server (inbound mode) over real TCP
// whose registrations and channels are scripted by tests and the demo.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { hostname as osHostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApi } from './api.ts';
import { CallCenter } from './callcenter.ts';
import { channelEvent } from './channel.ts';
import { backgroundJobEvent, heartbeatEvent } from './core.ts';
import { SimFaxLine } from './fax-line.ts';
import type { ReceiveFaxOptions } from './fax.ts';
import { EventStamper, realMicros, SimEvent } from './event.ts';
import { postJsonCdr, type JsonCdrTarget } from './json-cdr.ts';
import { Listener } from './listener.ts';
import { originateApi, type OriginateHost } from './originate.ts';
import { expireEvent, registerEvent, socketDisconnectEvent, unregisterEvent } from './sofia.ts';
import { flushMatches, sofiaCommand, sofiaRegistrationsXml } from './sofia-api.ts';
import type { RegisterOptions, ScriptedPbx, StartCallOptions } from './scripting.ts';
import type { SimChannel, SimRegistration } from './truth.ts';
import { SimVoicemail } from './voicemail.ts';
import { SimEavesdrops } from './eavesdrop.ts';

export interface PbxSimulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  password?: string;
  /** FreeSWITCH sends HEARTBEAT every 20 s; 0 turns it off. */
  heartbeatMs?: number;
  /** Event-Date-Timestamp source in microseconds; real time unless a test pins it. */
  clock?: () => number;
  hostname?: string;
  /** Expire registrations nobody refreshed, as sofia does; on by default. */
  autoExpire?: boolean;
  /** Where rxfax writes received faxes; a folder under the system's temporary directory by default. */
  faxSpoolDir?: string;
  /** mod_voicemail's storage (FreeSWITCH's <storage>/voicemail, VOICEMAIL_DIR); a temporary folder by default. */
  voicemailDir?: string;
  /** The directory: whether user@domain exists (`originate user/…` answers SUBSCRIBER_ABSENT if not); everyone by default. */
  users?: (user: string, domain: string) => boolean;
  /** The sofia gateways; an originate through another answers INVALID_GATEWAY. Any name passes when not given. */
  gateways?: string[];
}

export type { RegisterOptions, StartCallOptions } from './scripting.ts';

/** sofia's sip-expires-late-margin: FreeSWITCH keeps a registration 60 s past its expiry. */
const LATE_MARGIN_S = 60;

export class PbxSimulator implements ScriptedPbx {
  /** Every api/bgapi command received, in order, for tests to assert on. */
  readonly commands: string[] = [];
  private firedCount = 0;
  readonly coreUuid = randomUUID();
  /** mod_callcenter: configure it, then script callers and agents' phones through it. */
  readonly callcenter: CallCenter;
  /** mod_spandsp: txfax calls (script their outcome) and inbound faxes (receiveFax). */
  readonly fax: SimFaxLine;
  /** mod_voicemail: leave() a message as a caller would; its API answers Switchboard. */
  readonly voicemail: SimVoicemail;
  private readonly opts: Required<Omit<PbxSimulatorOptions, 'clock' | 'faxSpoolDir' | 'voicemailDir' | 'users' | 'gateways'>>;
  private readonly dialling: OriginateHost;
  /** Legs running `eavesdrop` (a supervisor listening to a call), and the digits they were sent. */
  readonly eavesdrops = new SimEavesdrops({ exists: (uuid) => this.chans.has(uuid), hangup: (uuid, cause) => this.hangup(uuid, cause) });
  private readonly stamper: EventStamper;
  private readonly listeners = new Set<Listener>();
  private readonly regs = new Map<string, SimRegistration>();
  /** Rows sofia dropped (flush_inbound_reg) that the core's table keeps until they expire. */
  private readonly coreOnly = new Map<string, SimRegistration>();
  /** Numbers the default port of each new device. */
  private devicesSeen = 0;
  private readonly chans = new Map<string, SimChannel>();
  private server: Server | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private expiry: NodeJS.Timeout | undefined;
  private down = false;
  private startedAt = 0;
  private sessionsSinceStartup = 0;
  private boundPort = 0;
  private jsonCdr: JsonCdrTarget | undefined;
  private readonly cdrPosts = new Set<Promise<boolean>>();
  private readonly cdrAbort = new AbortController();
  /** UUIDs whose CDR mod_json_cdr could not post after every retry (FreeSWITCH would leave them in err-log-dir). */
  readonly unpostedCdrs: string[] = [];

  constructor(options: PbxSimulatorOptions = {}) {
    this.opts = {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      password: options.password ?? 'ClueCon',
      heartbeatMs: options.heartbeatMs ?? 20_000,
      hostname: options.hostname ?? osHostname(),
      autoExpire: options.autoExpire ?? true,
    };
    this.stamper = new EventStamper(this.coreUuid, this.opts.hostname, '127.0.0.1', options.clock ?? realMicros);
    this.callcenter = new CallCenter(this.stamper, (event) => this.fire(event));
    const spool = options.faxSpoolDir ?? join(tmpdir(), `pbx-simulator-fax-${this.coreUuid}`);
    this.fax = new SimFaxLine(this.stamper, (event) => this.fire(event), this.chans, spool);
    const { users, gateways } = options;
    this.voicemail = new SimVoicemail(
      this.stamper,
      (event) => this.fire(event),
      options.voicemailDir ?? join(tmpdir(), `pbx-simulator-voicemail-${this.coreUuid}`),
      (user, domain) => users?.(user, domain) ?? true,
    );
    this.dialling = {
      registrations: () => this.regs.values(),
      userExists: (user, domain) => users?.(user, domain) ?? true,
      gatewayExists: (name) => gateways?.includes(name) ?? true,
      ringAndAnswer: (device, vars) => {
        const uuid = this.startCall({
          from: vars.origination_caller_id_number ?? device.user,
          to: device.user,
          domain: device.domain,
          direction: 'outbound',
          callerIdName: vars.origination_caller_id_name ?? 'Outbound Call',
          uuid: vars.origination_uuid,
        });
        this.answer(uuid);
        return uuid;
      },
      kill: (uuid, cause) => {
        if (!this.chans.has(uuid)) return false;
        this.hangup(uuid, cause);
        return true;
      },
      eavesdrop: (uuid, target) => this.eavesdrops.started(uuid, target),
      recvDtmf: (args) => this.eavesdrops.recvDtmf(args),
    };
  }

  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<number> {
    if (this.server) return this.boundPort;
    this.startedAt = this.stamper.now();
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.address() as { port: number }).port;
    if (this.opts.heartbeatMs > 0) {
      this.heartbeat = setInterval(() => this.fireHeartbeat(), this.opts.heartbeatMs);
      this.heartbeat.unref();
    }
    if (this.opts.autoExpire) {
      this.expiry = setInterval(() => this.expireOverdue(), 1000);
      this.expiry.unref();
    }
    return this.boundPort;
  }

  async stop(): Promise<void> {
    this.cdrAbort.abort();
    await Promise.all(this.cdrPosts);
    this.callcenter.stop();
    this.fax.stop();
    clearInterval(this.heartbeat);
    clearInterval(this.expiry);
    this.heartbeat = this.expiry = undefined;
    const server = this.server;
    this.server = undefined;
    this.dropConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Every ESL client loses its socket at once, as when FreeSWITCH restarts; the port stays open. */
  dropConnections(): void {
    for (const l of this.listeners) l.socket.destroy();
    this.listeners.clear();
  }

  /** Bytes written as they are to every ESL client: what a broken or hostile peer might send (the fuzzers). */
  writeRaw(bytes: string | Uint8Array): void {
    for (const l of this.listeners) l.socket.write(bytes);
  }

  /**
   * mod_json_cdr: from now on every leg's CDR is also POSTed to `url`, ESL or
   * not. With goDown() this is an ESL outage while FreeSWITCH keeps working.
   */
  postCdrTo(url: string, options: Omit<JsonCdrTarget, 'url'> = {}): void {
    this.jsonCdr = { ...options, url };
  }

  /** Resolves once every CDR post under way has succeeded or given up. */
  async cdrPostsSettled(): Promise<void> {
    while (this.cdrPosts.size) await Promise.all(this.cdrPosts);
  }

  /** An outage: connections drop and new ones are closed until comeUp(). Events meanwhile are lost. */
  goDown(): void {
    this.down = true;
    this.dropConnections();
  }

  comeUp(): void {
    this.down = false;
  }

  /** Events fired so far, of every kind (the benchmark's rate driver counts these). */
  get eventsFired(): number {
    return this.firedCount;
  }

  registrations(): SimRegistration[] {
    return [...this.regs.values()].map((r) => ({ ...r }));
  }

  channels(): SimChannel[] {
    return [...this.chans.values()].map((c) => ({ ...c }));
  }

  register(o: RegisterOptions): string {
    const callId = o.callId ?? `${randomUUID()}@${o.networkIp ?? '192.0.2.10'}`;
    const previous = this.regs.get(callId);
    const networkIp = o.networkIp ?? previous?.networkIp ?? '192.0.2.10';
    // Each new device its own port: sofia (multiple-registrations=contact) treats one contact as one device.
    const networkPort = o.networkPort ?? previous?.networkPort ?? 5060 + (this.devicesSeen++ % 2000);
    const networkProto = o.networkProto ?? previous?.networkProto ?? 'udp';
    const expires = o.expires ?? previous?.expires ?? 3600;
    const reg: SimRegistration = {
      user: o.user,
      domain: o.domain,
      callId,
      profile: 'internal',
      contact: `"${o.user}" <sip:${o.user}@${networkIp}:${networkPort};transport=${networkProto};fs_nat=yes>`,
      networkIp,
      networkPort,
      networkProto,
      userAgent: o.userAgent ?? previous?.userAgent ?? 'Yealink SIP-T46S 66.86.0.15',
      expires,
      expiresEpoch: Math.floor(this.stamper.now() / 1_000_000) + expires + LATE_MARGIN_S,
    };
    // As sofia with multiple-registrations=contact: a REGISTER from a contact
    // already held under another Call-ID replaces that row, with no event.
    for (const other of [...this.regs.values()]) if (other.callId !== callId && other.contact === reg.contact) this.regs.delete(other.callId);
    this.coreOnly.delete(callId);
    this.regs.set(callId, reg);
    this.fire(registerEvent(this.stamper, reg));
    // sofia asks for the box's count on a device's first REGISTER (MESSAGE_QUERY); mod_voicemail answers.
    if (!previous) this.voicemail.query(reg.user, reg.domain);
    return callId;
  }

  /** The device said goodbye (REGISTER with Expires: 0). Without a call-id: every device of the user. */
  unregister(user: string, domain: string, callId?: string): void {
    for (const reg of this.take(user, domain, callId)) this.fire(unregisterEvent(this.stamper, reg));
  }

  /** The device's connection closed (a browser tab reloaded mid-call): sofia drops it, calls stay up. */
  disconnect(user: string, domain: string, callId?: string): void {
    for (const reg of this.take(user, domain, callId)) this.fire(socketDisconnectEvent(this.stamper, reg));
  }

  /** The device went quiet and sofia dropped it. */
  expire(user: string, domain: string, callId?: string): void {
    for (const reg of this.take(user, domain, callId)) this.fire(expireEvent(this.stamper, reg));
  }

  startCall(o: StartCallOptions): string {
    const direction = o.direction ?? 'inbound';
    const extension = direction === 'inbound' ? o.from : o.to;
    const uuid = o.uuid ?? randomUUID();
    const device = [...this.regs.values()].find((r) => r.user === extension && r.domain === o.domain);
    const networkIp = device?.networkIp ?? '192.0.2.10';
    const channel: SimChannel = {
      uuid,
      direction,
      domain: o.domain,
      from: o.from,
      to: o.to,
      extension,
      callerIdName: o.callerIdName ?? o.from,
      callerIdNumber: o.from,
      name: direction === 'inbound' ? `sofia/internal/${o.from}@${o.domain}` : `sofia/internal/${o.to}@${networkIp}:5060`,
      // A phone's INVITE carries its own Call-ID; FreeSWITCH's own INVITEs use a bare UUID.
      sipCallId: direction === 'outbound' ? randomUUID() : `${randomUUID()}@${networkIp}`,
      networkIp,
      createdAt: this.stamper.now(),
      answeredAt: 0,
    };
    if (o.codec !== undefined) channel.codec = o.codec;
    // A call to a registered local user is bridged to user/<to>.
    if (direction === 'inbound' && [...this.regs.values()].some((r) => r.user === o.to && r.domain === o.domain)) channel.dialedUser = o.to;
    if (o.recordFile !== undefined) channel.recordFile = o.recordFile;
    this.chans.set(uuid, channel);
    this.sessionsSinceStartup++;
    this.fire(channelEvent(this.stamper, channel, 'create'));
    return uuid;
  }

  answer(uuid: string): void {
    const channel = this.chans.get(uuid);
    if (!channel || channel.answeredAt) return;
    channel.answeredAt = this.stamper.now();
    this.fire(channelEvent(this.stamper, channel, 'answer'));
  }

  hangup(uuid: string, cause = 'NORMAL_CLEARING'): void {
    const channel = this.chans.get(uuid);
    if (!channel) return;
    this.chans.delete(uuid);
    this.fire(channelEvent(this.stamper, channel, 'hangup', { cause, at: this.stamper.now() }));
    this.eavesdrops.hungUp(uuid);
  }

  /**
   * A CUSTOM event as the dialplan's `event` application fires it: the
   * given headers after the standard ones (and the channel's Unique-ID).
   */
  fireCustom(subclass: string, headers: Record<string, string>, channelUuid?: string): void {
    const h = this.stamper.stamp('CUSTOM', subclass, 'mod_dptools.c', 'event_function', 1211);
    if (channelUuid) h.push('Unique-ID', channelUuid);
    for (const [name, value] of Object.entries(headers)) h.push(name, value);
    this.fire(new SimEvent('CUSTOM', subclass, h));
  }

  /** A fax machine calls an extension and rxfax receives `pages` pages into a real TIFF. */
  receiveFax(o: ReceiveFaxOptions): Promise<{ uuid: string; path: string }> {
    return this.fax.receive(o);
  }

  private take(user: string, domain: string, callId?: string): SimRegistration[] {
    const gone = [...this.regs.values()].filter(
      (r) => r.user === user && r.domain === domain && (callId === undefined || r.callId === callId),
    );
    for (const r of gone) this.regs.delete(r.callId);
    return gone;
  }

  private expireOverdue(): void {
    const now = Math.floor(this.stamper.now() / 1_000_000);
    for (const r of [...this.regs.values()]) if (r.expiresEpoch <= now) this.expire(r.user, r.domain, r.callId);
    for (const r of [...this.coreOnly.values()]) if (r.expiresEpoch <= now) this.coreOnly.delete(r.callId);
  }

  /** sofia's own commands: its registration table, and dropping rows from it (the core's rows stay). */
  private sofiaApi(command: string): string | undefined {
    const sofia = sofiaCommand(command);
    if (!sofia) return undefined;
    if (sofia.kind === 'xmlstatus-reg') {
      if (sofia.profile !== 'internal') return 'Invalid Profile!\n';
      return sofiaRegistrationsXml(this.regs.values(), this.opts.hostname, Math.floor(this.stamper.now() / 1_000_000));
    }
    // mod_sofia's `sofia profile …` words it otherwise, without a newline.
    if (sofia.profile !== 'internal') return `Invalid Profile [${sofia.profile}]`;
    for (const r of [...this.regs.values()]) {
      if (!flushMatches(r, sofia.target)) continue;
      this.regs.delete(r.callId);
      this.coreOnly.set(r.callId, r);
      this.fire(expireEvent(this.stamper, r));
    }
    return '+OK flushing all registrations matching specified call_id\n';
  }

  private fireHeartbeat(): void {
    const uptimeMs = (this.stamper.now() - this.startedAt) / 1000;
    this.fire(heartbeatEvent(this.stamper, uptimeMs, this.chans.size, this.sessionsSinceStartup));
  }

  private fire(event: SimEvent): void {
    this.firedCount++;
    for (const l of this.listeners) l.deliver(event);
    if (this.jsonCdr && event.name === 'CHANNEL_HANGUP_COMPLETE') this.postCdr(this.jsonCdr, event);
  }

  private postCdr(target: JsonCdrTarget, event: SimEvent): void {
    const post = postJsonCdr(target, event, this.cdrAbort.signal);
    this.cdrPosts.add(post);
    void post.then((ok) => {
      this.cdrPosts.delete(post);
      if (!ok) this.unpostedCdrs.push(event.header('Unique-ID') ?? '');
    });
  }

  /** What FreeSWITCH answers `api <command>` with right now: the truth a test compares the server with. */
  api(command: string): string {
    return runApi(command, {
      hostname: this.opts.hostname,
      startedAt: this.startedAt,
      now: this.stamper.now(),
      sessionsSinceStartup: this.sessionsSinceStartup,
      // The core's table: sofia's rows and the ones only the core still keeps.
      registrations: [...this.regs.values(), ...this.coreOnly.values()],
      channels: this.chans.values(),
      callcenter: (args) => this.callcenter.api(args),
      globals: { sip_expires_late_margin: String(LATE_MARGIN_S) },
    });
  }

  private accept(socket: Socket): void {
    if (this.down) {
      socket.destroy();
      return;
    }
    const listener = new Listener(socket, {
      password: this.opts.password,
      commands: this.commands,
      // Fax calls change the truth, so they are answered before the read-only commands.
      runApi: (command) =>
        this.sofiaApi(command) ?? originateApi(command, this.dialling) ?? this.fax.api(command) ?? this.voicemail.api(command) ?? this.api(command),
      backgroundJob: (jobUuid, command, arg, output) =>
        this.fire(backgroundJobEvent(this.stamper, jobUuid, command, arg, output)),
    });
    this.listeners.add(listener);
    socket.on('close', () => this.listeners.delete(listener));
  }
}
