// sofia::register / unregister traffic: a phone without a registration
// registers; a registered one mostly refreshes (same Call-ID: the agent's
// extension scope changes, the tenant's device count does not) and now and
// then unregisters (both change).
import type { Generator, Phone, Sim } from './generator.ts';

const REFRESH_SHARE = 0.7;

export function registrations(sim: Sim, phones: Phone[], random: () => number, weight = 1): Generator {
  /** Call-ID of each registered phone, by index into `phones`. */
  const registered = new Map<number, string>();
  return {
    name: 'registration',
    weight,
    fire() {
      const i = Math.floor(random() * phones.length);
      const { domain, extension: user } = phones[i]!;
      const callId = registered.get(i);
      if (!callId) registered.set(i, sim.register({ user, domain, expires: 3600 }));
      else if (random() < REFRESH_SHARE) sim.register({ user, domain, callId });
      else {
        sim.unregister(user, domain, callId);
        registered.delete(i);
      }
    },
  };
}
