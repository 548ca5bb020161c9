// The schema of a second-factor code, apart from second-factor.ts: a zod
// schema built before the client's jitless.ts probes `new Function`.
import { z } from 'zod';

export const secondFactorCode = z.object({
  code: z
    .string({ error: 'Enter the code from your authenticator app, or a recovery code.' })
    .trim()
    .min(1, 'Enter the code from your authenticator app, or a recovery code.')
    .max(64, 'That is not a code: a code has 6 digits, a recovery code 10 letters and digits.'),
});
export type SecondFactorCode = z.input<typeof secondFactorCode>;
