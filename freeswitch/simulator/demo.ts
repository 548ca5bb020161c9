// Believable background traffic for the demo: phones register and refresh,
// now and then one leaves or goes quiet; calls ring, get answered or not,
// and hang up with the causes real calls end with. The call-center queues
// get their own traffic (demo-callcenter.ts) from whatever the simulator's
// mod_callcenter was configured with.
//
// Callers own the demo (server/main.ts, cli.ts, tests): the simulator knows
// nothing of it, so whoever starts it stops it, before the simulator stops.
import type { SimMember } from './callcenter.ts';
import { CallCenterDemo } from './demo-callcenter.ts';
import type { ScriptedPbx } from './scripting.ts';
import { Timers } from './timers.ts';

export interface DemoTenant {
  domain: string;
  extensions: string[];
}

export interface DemoOptions {
  /** Mean gap between new calls per tenant. */
  callEveryMs?: number;
  /** Registration interval phones ask for, in seconds; they refresh at half of it. */
  expires?: number;
  /** Mean gap between new callers per call-center queue; 0 leaves the queues alone. */
  queueCallerEveryMs?: number;
  random?: () => number;
}

const USER_AGENTS = ['Yealink SIP-T46S 66.86.0.15', 'Grandstream GXP2170 1.0.11.23', 'Zoiper rv2.10.20.6', 'JsSIP 3.10.1'];
const NOT_ANSWERED = ['NO_ANSWER', 'USER_BUSY', 'ORIGINATOR_CANCEL', 'CALL_REJECTED'];

interface Device {
  tenant: DemoTenant;
  user: string;
  callId: string;
}

/** Starts demo traffic on `sim`; stop() it before stopping the simulator. */
export function startDemo(sim: ScriptedPbx, tenants: DemoTenant[], options?: DemoOptions): Demo {
  const demo = new Demo(sim, tenants, options);
  demo.start();
  return demo;
}

export class Demo {
  private readonly timers = new Timers();
  private readonly devices = new Map<string, Device>();
  private readonly callEveryMs: number;
  private readonly expires: number;
  private readonly random: () => number;
  private readonly queues: CallCenterDemo | undefined;

  constructor(
    private readonly sim: ScriptedPbx,
    private readonly tenants: DemoTenant[],
    options: DemoOptions = {},
  ) {
    this.callEveryMs = options.callEveryMs ?? 8000;
    this.expires = options.expires ?? 300;
    this.random = options.random ?? Math.random;
    const callerEveryMs = options.queueCallerEveryMs ?? 35_000;
    // A queue call rings the agent's extension on a leg of its own, so supervisors can listen to it.
    const agentLeg = {
      answered: (agent: string, member: SimMember) => {
        const [extension = '', domain = ''] = agent.split('@');
        const uuid = sim.startCall({ from: member.cidNumber, to: extension, domain, direction: 'outbound', callerIdName: member.cidName || member.cidNumber });
        sim.answer(uuid);
        return uuid;
      },
      ended: (uuid: string) => sim.hangup(uuid),
    };
    this.queues = callerEveryMs > 0 ? new CallCenterDemo(sim.callcenter, { callerEveryMs, random: this.random, agentLeg }) : undefined;
  }

  start(): void {
    for (const tenant of this.tenants) {
      // Most extensions have a phone up; a few are off until later.
      for (const user of tenant.extensions) {
        if (this.random() < 0.85) this.timers.later(this.random() * 3000, () => this.registerDevice(tenant, user));
        else this.timers.later(20_000 + this.random() * 60_000, () => this.registerDevice(tenant, user));
      }
      if (tenant.extensions.length) this.timers.later(2000 + this.random() * this.callEveryMs, () => this.nextCall(tenant));
    }
    this.queues?.start();
  }

  stop(): void {
    this.timers.stop();
    this.queues?.stop();
  }

  private pick<T>(items: T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private registerDevice(tenant: DemoTenant, user: string, previous?: string): void {
    const callId = this.sim.register({
      user,
      domain: tenant.domain,
      callId: previous,
      expires: this.expires,
      userAgent: previous ? undefined : this.pick(USER_AGENTS),
      networkIp: previous ? undefined : `198.51.100.${10 + Math.floor(this.random() * 200)}`,
      networkPort: previous ? undefined : 5060 + Math.floor(this.random() * 2000),
    });
    this.devices.set(callId, { tenant, user, callId });
    this.timers.later((this.expires / 2) * 1000, () => this.refresh(callId));
  }

  private refresh(callId: string): void {
    const device = this.devices.get(callId);
    if (!device || !this.sim.registrations().some((r) => r.callId === callId)) {
      this.devices.delete(callId);
      return;
    }
    const roll = this.random();
    if (roll < 0.03) {
      // The user shuts the phone down and comes back a while later.
      this.devices.delete(callId);
      this.sim.unregister(device.user, device.tenant.domain, callId);
      this.timers.later(30_000 + this.random() * 90_000, () => this.registerDevice(device.tenant, device.user));
    } else if (roll < 0.05) {
      // The phone loses its network and never refreshes.
      this.devices.delete(callId);
      this.sim.expire(device.user, device.tenant.domain, callId);
      this.timers.later(60_000 + this.random() * 120_000, () => this.registerDevice(device.tenant, device.user));
    } else {
      this.registerDevice(device.tenant, device.user, callId);
    }
  }

  private nextCall(tenant: DemoTenant): void {
    this.timers.later(this.callEveryMs * (0.3 + this.random() * 1.4), () => this.nextCall(tenant));
    const registered = [...new Set(this.sim.registrations().filter((r) => r.domain === tenant.domain).map((r) => r.user))];
    if (!registered.length) return;
    const local = this.pick(registered);
    const outside = `+1555${String(Math.floor(this.random() * 10_000_000)).padStart(7, '0')}`;
    const roll = this.random();
    const call =
      roll < 0.4
        ? { from: outside, to: local, direction: 'outbound' as const, callerIdName: 'Outside caller' }
        : roll < 0.7
          ? { from: local, to: this.pick(tenant.extensions), direction: 'inbound' as const }
          : { from: local, to: outside, direction: 'inbound' as const };
    const uuid = this.sim.startCall({ ...call, domain: tenant.domain });
    const ring = 2000 + this.random() * 8000;
    if (this.random() < 0.8) {
      this.timers.later(ring, () => {
        this.sim.answer(uuid);
        const talk = 10_000 + this.random() * 110_000;
        this.timers.later(talk, () => this.sim.hangup(uuid, this.random() < 0.95 ? 'NORMAL_CLEARING' : 'MEDIA_TIMEOUT'));
      });
    } else {
      const cause = this.pick(NOT_ANSWERED);
      this.timers.later(ring, () => {
        this.sim.hangup(uuid, cause);
        // Now and then an outside caller nobody answered leaves a voicemail.
        if (call.direction === 'outbound' && cause === 'NO_ANSWER' && this.random() < 0.5) {
          this.sim.voicemail.leave({ user: local, domain: tenant.domain, cidNumber: outside, cidName: 'Outside caller', seconds: 3 + Math.floor(this.random() * 20) });
        }
      });
    }
  }
}
