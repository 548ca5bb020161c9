// Channel traffic: agents' phones place calls (CHANNEL_CREATE of the inbound
// leg: the tenant's active-call count changes), the far end answers
// (CHANNEL_ANSWER: nothing on screen changes) and later someone hangs up
// (CHANNEL_HANGUP_COMPLETE: the count changes back). Each fire() is one step
// of one call, so in the long run a third of the events are of each kind.
import type { Generator, Phone, Sim } from './generator.ts';

/** At most this share of the agents is on a call at once. */
const MAX_BUSY_SHARE = 0.5;

export function calls(sim: Sim, phones: Phone[], random: () => number, weight = 1): Generator {
  const ringing: string[] = [];
  const talking: string[] = [];
  const maxOpen = Math.max(1, Math.floor(phones.length * MAX_BUSY_SHARE));
  return {
    name: 'call',
    weight,
    fire() {
      const open = ringing.length + talking.length;
      if (open === 0 || (open < maxOpen && random() < 1 / 3)) {
        const { domain, extension } = phones[Math.floor(random() * phones.length)]!;
        ringing.push(sim.startCall({ from: extension, to: '+15555550123', domain }));
      } else if (ringing.length && (!talking.length || random() < 0.5)) {
        const uuid = ringing.shift()!;
        sim.answer(uuid);
        talking.push(uuid);
      } else {
        sim.hangup(talking.shift()!);
      }
    },
  };
}
