// REST shapes of the self-service pages: My Account (SIP credentials, DND,
// fax e-mail) and My DIDs.
import { z } from 'zod';

/** One extension as its owner sees it on My Account. Never sent to anyone else. */
export interface AccountExtension {
  number: string;
  /** The SIP username (the extension number) and realm (the tenant's domain). */
  sipUsername: string;
  sipPassword: string;
  domain: string;
  /** Where a browser softphone opens its SIP-over-WebSocket connection. */
  wssUrl: string;
  callerIdName: string;
  dnd: boolean;
  faxEmail: string | null;
}

export interface Account {
  extensions: AccountExtension[];
}

export const dndRequest = z.object({
  dnd: z.boolean({ error: 'dnd must be true or false.' }),
});
export type DndRequest = z.input<typeof dndRequest>;

export const faxEmailRequest = z.object({
  // An empty box means "do not e-mail my faxes".
  faxEmail: z
    .string({ error: 'faxEmail must be text.' })
    .trim()
    .toLowerCase()
    .max(254, 'The fax e-mail address may have at most 254 characters.')
    .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter a valid e-mail address, like name@example.com.')
    .transform((v) => (v === '' ? null : v)),
});
export type FaxEmailRequest = z.input<typeof faxEmailRequest>;

export interface MyDid {
  number: string;
  /** Where calls to it go, in words: "Extension 1001", "Queue sales". */
  destination: string;
  active: boolean;
}
