// Follow Me: ring a cascade of destinations, each after its own delay and
// for its own time, before an unanswered call goes to voicemail. The same
// rules check the form in the browser and the request on the server.
import { z } from 'zod';

export const DELAY_MIN = 0;
export const DELAY_MAX = 300;
export const TIMEOUT_MIN = 5;
export const TIMEOUT_MAX = 300;
export const MAX_DESTINATIONS = 10;

/** E.164 with the plus, as the DIDs are stored. */
export const E164 = /^\+[1-9][0-9]{1,14}$/;
/** An extension number of the same tenant. */
export const EXTENSION_NUMBER = /^[0-9]{2,8}$/;

export interface FollowMeDestination {
  /** An extension ("1002") or an E.164 number ("+14155550123"). */
  destination: string;
  /** Seconds before this destination starts ringing; 0 = at once. */
  delay: number;
  /** Seconds it rings. */
  timeout: number;
}

export interface FollowMe {
  extension: string;
  enabled: boolean;
  destinations: FollowMeDestination[];
}

/** The first problem with one destination row, in words, or undefined. */
export function destinationProblem(d: { destination: string; delay: number; timeout: number }, index: number): string | undefined {
  const row = `Destination ${index + 1}`;
  const value = d.destination.trim();
  if (!value) return `${row}: enter an extension (like 1002) or a number with its country code (like +14155550123).`;
  if (!E164.test(value) && !EXTENSION_NUMBER.test(value)) {
    return `${row}: "${value}" is neither an extension (2–8 digits, like 1002) nor a number in international format (like +14155550123).`;
  }
  if (!Number.isInteger(d.delay) || d.delay < DELAY_MIN || d.delay > DELAY_MAX) {
    return `${row}: the delay must be a whole number of seconds from ${DELAY_MIN} to ${DELAY_MAX}.`;
  }
  if (!Number.isInteger(d.timeout) || d.timeout < TIMEOUT_MIN || d.timeout > TIMEOUT_MAX) {
    return `${row}: the ring time must be a whole number of seconds from ${TIMEOUT_MIN} to ${TIMEOUT_MAX}.`;
  }
  return undefined;
}

const destination = z.object({
  destination: z.string().transform((v) => v.trim()),
  delay: z.number(),
  timeout: z.number(),
});

export const followMeRequest = z.object({
  enabled: z.boolean({ error: 'enabled must be true or false.' }),
  destinations: z
    .array(destination, { error: 'destinations must be a list.' })
    .min(1, 'Add at least one destination.')
    .max(MAX_DESTINATIONS, `Follow Me rings at most ${MAX_DESTINATIONS} destinations.`)
    .superRefine((list, ctx) => {
      list.forEach((d, i) => {
        const problem = destinationProblem(d, i);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [i] });
      });
    }),
});
export type FollowMeRequest = z.input<typeof followMeRequest>;
