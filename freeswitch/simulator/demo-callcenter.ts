// Demo traffic for mod_callcenter: driven only by the queues, agents and
// tiers the simulator was configured with. Agents log in (most of them) and
// now and then take a break; callers join the queues at a modest rate, are
// offered to agents whose phones answer or not, talk a while and hang up,
// or give up waiting. Every timer is cleared by stop().
import type { CallCenter, SimMember } from './callcenter.ts';
import { Timers } from './timers.ts';

export interface CallCenterDemoOptions {
  /** Mean gap between new callers, per queue. */
  callerEveryMs?: number;
  random?: () => number;
  /**
   * The agent's leg of an answered queue call, as FreeSWITCH has one (the
   * originate to the agent's phone): started when the agent answers, its
   * uuid returned, and hung up when the call ends. Without it the demo's
   * queue calls are mod_callcenter's events only.
   */
  agentLeg?: { answered(agent: string, member: SimMember): string; ended(uuid: string): void };
}

const FIRST = ['Marc', 'Julia', 'Sam', 'Priya', 'Tomás', 'Aiko', 'Noah', 'Fatima', 'Lena', 'Oscar', 'Mei', 'Ravi', 'Zoe', 'Kwame'];
const LAST = ['Robinson', 'Chen', 'Okoye', 'Patel', 'García', 'Sato', 'Müller', 'Haddad', 'Novak', 'Silva', 'Nguyen', 'Brown'];
const NO_ANSWER = ['NO_ANSWER', 'NO_ANSWER', 'USER_BUSY', 'CALL_REJECTED'];
/** Nobody queues forever: past this many callers waiting in one queue, new ones hear busy instead. */
const MAX_WAITING = 6;

export class CallCenterDemo {
  private readonly timers = new Timers();
  private readonly callerEveryMs: number;
  private readonly random: () => number;
  private readonly agentLeg: CallCenterDemoOptions['agentLeg'];
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly cc: CallCenter,
    options: CallCenterDemoOptions = {},
  ) {
    this.callerEveryMs = options.callerEveryMs ?? 35_000;
    this.random = options.random ?? Math.random;
    this.agentLeg = options.agentLeg;
  }

  start(): void {
    const agents = [...this.cc.agents.keys()];
    const queues = [...this.cc.queues.keys()];
    if (!agents.length || !queues.length) return;
    this.unsubscribe = this.cc.onOffer((agent, member) => this.offered(agent, member));
    // Most agents sign in during the first seconds; the rest later in the shift.
    for (const agent of agents) {
      const soon = this.random() < 0.75;
      this.timers.later(soon ? 500 + this.random() * 5000 : 30_000 + this.random() * 90_000, () => {
        this.setStatus(agent, 'Available');
        this.timers.later(this.breakGap(), () => this.maybeBreak(agent));
      });
    }
    for (const queue of queues) this.timers.later(3000 + this.random() * this.callerEveryMs, () => this.nextCaller(queue));
  }

  stop(): void {
    this.timers.stop();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private between(minMs: number, maxMs: number): number {
    return minMs + this.random() * (maxMs - minMs);
  }

  /** As an agent's status button would: `callcenter_config agent set status`, which fires the real event. */
  private setStatus(agent: string, status: 'Available' | 'On Break'): void {
    if (this.cc.agents.has(agent)) this.cc.api(`agent set status ${agent} '${status}'`);
  }

  private breakGap(): number {
    return this.between(45_000, 150_000);
  }

  /** An idle agent sometimes takes a short break and comes back Available. */
  private maybeBreak(agent: string): void {
    const a = this.cc.agents.get(agent);
    if (!a) return;
    if (a.status === 'Available' && a.state === 'Waiting' && this.random() < 0.35) {
      this.setStatus(agent, 'On Break');
      this.timers.later(this.between(20_000, 75_000), () => {
        this.setStatus(agent, 'Available');
        this.timers.later(this.breakGap(), () => this.maybeBreak(agent));
      });
      return;
    }
    this.timers.later(this.breakGap(), () => this.maybeBreak(agent));
  }

  private nextCaller(queue: string): void {
    this.timers.later(this.callerEveryMs * this.between(0.4, 1.6), () => this.nextCaller(queue));
    const waiting = [...this.cc.members.values()].filter((m) => m.queue === queue && (m.state === 'Waiting' || m.state === 'Trying'));
    if (waiting.length >= MAX_WAITING || !this.cc.queues.has(queue)) return;
    const known = this.random() < 0.8;
    const uuid = this.cc.join(queue, {
      cidName: known ? `${this.pick(FIRST)} ${this.pick(LAST)}` : '',
      cidNumber: `+1555${String(Math.floor(this.random() * 10_000_000)).padStart(7, '0')}`,
    });
    // Each caller has their own patience; one still waiting when it runs out hangs up.
    this.timers.later(this.between(25_000, 150_000), () => this.cc.abandon(uuid));
  }

  /** The agent's phone rings: most answer after a few seconds, some let it ring out. */
  private offered(agent: string, member: SimMember): void {
    const stillRinging = () => {
      const m = this.cc.members.get(member.uuid);
      return m?.state === 'Trying' && m.servingAgent === agent;
    };
    this.timers.later(this.between(2000, 8000), () => {
      if (!stillRinging()) return;
      if (this.random() < 0.15) {
        this.cc.noAnswer(agent, this.pick(NO_ANSWER));
        return;
      }
      this.cc.answer(agent);
      const leg = this.agentLeg?.answered(agent, member);
      this.timers.later(this.between(15_000, 60_000), () => {
        if (this.cc.members.get(member.uuid)?.state === 'Answered') this.cc.hangup(member.uuid);
        if (leg) this.agentLeg!.ended(leg);
      });
    });
  }
}
