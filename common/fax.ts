// Fax shapes both sides share: the rows the lists show, the live change a
// socket receives, the cover templates and the To-number rule.
import { z } from 'zod';

export const OUTBOUND_FAX_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type OutboundFaxStatus = (typeof OUTBOUND_FAX_STATUSES)[number];
export const INBOUND_FAX_STATUSES = ['received', 'failed'] as const;
export type InboundFaxStatus = (typeof INBOUND_FAX_STATUSES)[number];
/** none: no fax delivery e-mail set; pending: waiting (or retrying); sent; failed: gave up, see emailError. */
export const EMAIL_STATUSES = ['none', 'pending', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface OutboundFaxRow {
  id: string;
  to: string;
  subject: string;
  coverTemplate: CoverTemplateId;
  /** Pages of what is faxed, cover included. */
  pages: number;
  sentPages: number | null;
  status: OutboundFaxStatus;
  /** Failed: why. Queued after a failed attempt: why it waits. */
  reason: string | null;
  attempts: number;
  maxAttempts: number;
  /** ISO 8601. */
  createdAt: string;
  completedAt: string | null;
}

export interface InboundFaxRow {
  id: string;
  from: string;
  remoteStationId: string;
  extension: string;
  pages: number;
  status: InboundFaxStatus;
  reason: string | null;
  /** Whether a PDF can be downloaded. */
  hasPdf: boolean;
  emailTo: string | null;
  emailStatus: EmailStatus;
  emailError: string | null;
  receivedAt: string;
}

/** Sent to the user's own room when one of their faxes is added or changes. */
export type FaxChange = { direction: 'outbound'; fax: OutboundFaxRow } | { direction: 'inbound'; fax: InboundFaxRow };

export const COVER_TEMPLATES = [
  { id: 'none', label: 'No cover page' },
  { id: 'classic', label: 'Classic' },
  { id: 'business', label: 'Business' },
  { id: 'urgent', label: 'Urgent' },
] as const;
export type CoverTemplateId = (typeof COVER_TEMPLATES)[number]['id'];
const coverIds = COVER_TEMPLATES.map((t) => t.id) as [CoverTemplateId, ...CoverTemplateId[]];

/**
 * A fax number as people type it ("+44 20 7946 0958", "(555) 010-1234"):
 * spaces, dots, dashes and brackets go; what is left is E.164 (+ country
 * code, up to 15 digits) or a national number. "00…" is how one dials
 * abroad from some countries; we ask for the + form instead.
 */
export const faxNumber = z
  .string()
  .transform((v) => v.replace(/[\s.()\-]/g, ''))
  .superRefine((v, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (!v) return fail('Enter the fax number to send to.');
    if (v.startsWith('00')) return fail('Write international numbers with + and the country code, e.g. +44 20 7946 0958.');
    if (v.startsWith('+')) {
      if (!/^\+[1-9]\d{6,14}$/.test(v)) fail('An international number is + then the country code and number: 7 to 15 digits.');
      return;
    }
    if (!/^\d{3,15}$/.test(v)) fail('A fax number has only digits (and + for the country code).');
  });

export const sendFaxFields = z.object({
  to: faxNumber,
  cover: z.enum(coverIds, { message: 'Choose one of the cover page templates.' }).default('none'),
  subject: z.string().trim().max(200, 'The subject may have at most 200 characters.').default(''),
  note: z.string().trim().max(2000, 'The note may have at most 2000 characters.').default(''),
});
export type SendFaxFields = z.output<typeof sendFaxFields>;
