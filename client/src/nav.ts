// The Agent's menu, grouped as the guide groups it, then the tenant admin's
// Administration and the service provider's own menu. Every entry is a real
// route; the ones whose pages come later say what they will do.
import type { Role } from '../../common/api.ts';
import type { IconName } from './shell/Icon.tsx';

export interface NavEntry {
  path: string;
  label: string;
  /** One sentence: what the page does (shown while it is "coming soon"). */
  summary: string;
  /**
   * Only these roles see the entry. Absent: every tenant user's role. An
   * operator belongs to no tenant, so they see only entries that name them.
   */
  roles?: readonly Role[];
  icon?: IconName;
}

export interface NavGroup {
  /** Section heading; ungrouped entries have none. */
  label?: string;
  icon?: IconName;
  entries: NavEntry[];
}

export const NAV: NavGroup[] = [
  {
    entries: [
      {
        path: '/',
        label: 'Dashboard',
        icon: 'dashboard',
        summary: "Your tenant's live figures: active extensions, devices, queues, calls, faxes and credit.",
      },
      {
        path: '/account',
        label: 'My Account',
        icon: 'account',
        summary:
          'Your SIP credentials for any SIP client, a Do-Not-Disturb switch that rejects all incoming calls, and the e-mail address your faxes are delivered to.',
      },
    ],
  },
  {
    label: 'PBX',
    icon: 'pbx',
    entries: [
      {
        path: '/pbx/colleagues',
        label: 'Colleagues',
        summary: 'Every extension of your organisation live: offline, available, ringing, on a call, Do Not Disturb or on break; call or transfer to one.',
      },
      {
        path: '/softphone/check',
        label: 'Softphone check',
        summary: 'Before taking calls: your microphone with a live level, a speaker test tone, and the connection to the PBX.',
      },
      {
        path: '/pbx/follow-me',
        label: 'Follow Me',
        summary:
          'Ring other numbers or extensions in a cascade, each with its own delay and ring time, before an unanswered call falls through to voicemail.',
      },
      {
        path: '/pbx/feature-codes',
        label: 'Feature Codes',
        summary: 'A reference table of the star codes that work on your extension.',
      },
      {
        path: '/pbx/dids',
        label: 'My DIDs',
        summary: 'The phone numbers assigned to you, where each one routes, and whether it is active.',
      },
    ],
  },
  {
    label: 'Voicemail',
    icon: 'voicemail',
    entries: [
      {
        path: '/voicemail/messages',
        label: 'Messages',
        summary:
          'New and saved voicemail of your extensions: who called, when and for how long; listen, download, save or delete; your PIN and greeting.',
      },
    ],
  },
  {
    label: 'Queues',
    icon: 'queues',
    entries: [
      {
        path: '/queues',
        label: 'Agent Queues',
        summary:
          'The queues assigned to you: who is waiting and for how long, which agents are available, busy or on break, and your own status.',
      },
      {
        path: '/wallboard',
        label: 'Wallboard',
        roles: ['supervisor', 'admin'],
        summary: "A full-screen live wallboard of the tenant's queues for a big screen.",
      },
    ],
  },
  {
    label: 'Fax',
    icon: 'fax',
    entries: [
      {
        path: '/fax/send',
        label: 'Send Fax',
        summary:
          'Send a PDF to a fax number (with the country code for international numbers), with an optional cover page, subject and note.',
      },
      {
        path: '/fax/outbound',
        label: 'Outbound Fax',
        summary: 'The faxes you have sent and where each one stands: Queued, Sending, Sent or Failed.',
      },
      {
        path: '/fax/inbound',
        label: 'Inbound Fax',
        summary:
          'Faxes received on your extensions, with sender, date and time, pages and status, each one downloadable as a PDF.',
      },
    ],
  },
  {
    label: 'Reports',
    icon: 'reports',
    entries: [
      {
        path: '/reports/cdr',
        label: 'CDR',
        summary:
          'Your calls, with caller ID, destination, date and time, duration, direction and status, filtered by date.',
      },
      {
        path: '/reports/pbx-cdr',
        label: 'PBX CDR',
        summary:
          'FreeSWITCH-level detail for each call: codec, hangup cause, audio quality (MOS), SIP call ID and a recording link when the call was recorded.',
      },
      {
        path: '/reports/queues',
        label: 'Queue reports',
        roles: ['supervisor', 'admin'],
        summary:
          'Per queue and per agent, per 15 minutes, hour or day: calls offered, answered and abandoned, waits, talk and handle times, service level, time in each status and occupancy, with charts and CSV export.',
      },
    ],
  },
  {
    label: 'Billing',
    icon: 'billing',
    entries: [
      {
        path: '/billing/quota',
        label: 'Billing Quota',
        summary:
          "This month's voice minutes, fax pages, extensions, devices and ring groups against your package's allowance, with a warning near each limit.",
      },
    ],
  },
  {
    label: 'Administration',
    icon: 'admin',
    entries: [
      { path: '/admin/users', label: 'Users', roles: ['admin'], summary: "Your organisation's users: create, edit, disable, unlock, reset passwords." },
      { path: '/admin/extensions', label: 'Extensions', roles: ['admin'], summary: 'Extensions, their owners, caller ID, voicemail and SIP passwords.' },
      { path: '/admin/queues', label: 'Queues', roles: ['admin'], summary: 'Call-center queues, their strategy and timers, and which agents answer them.' },
      { path: '/admin/dids', label: 'DIDs', roles: ['admin'], summary: 'Your phone numbers, where each one routes and whose it is.' },
      { path: '/admin/rates', label: 'Rates', roles: ['admin'], summary: 'Per-minute rates by number prefix, one at a time or from a CSV file.' },
      { path: '/admin/settings', label: 'Settings', roles: ['admin'], summary: "Your package's limits and the low-credit warning." },
      { path: '/admin/audit', label: 'Audit log', roles: ['admin'], summary: 'Who changed what in your organisation, and when.' },
    ],
  },
  {
    label: 'Service provider',
    icon: 'provider',
    entries: [
      { path: '/operator/tenants', label: 'Tenants', roles: ['operator'], summary: 'Every tenant: package, users, extensions, balance and service.' },
      { path: '/operator/audit', label: 'Audit log', roles: ['operator'], summary: "Everyone's administrative changes, by tenant." },
    ],
  },
];


export const allowed = (entry: NavEntry, role: Role): boolean => (entry.roles ? entry.roles.includes(role) : role !== 'operator');

/** Paths whose pages exist (App.tsx routes them); add yours here when its page lands. */
const BUILT = new Set([
  '/',
  '/account',
  '/pbx/follow-me',
  '/pbx/feature-codes',
  '/pbx/dids',
  '/pbx/colleagues',
  '/softphone/check',
  '/voicemail/messages',
  '/queues',
  '/wallboard',
  '/fax/send',
  '/fax/outbound',
  '/fax/inbound',
  '/reports/queues',
  '/reports/cdr',
  '/reports/pbx-cdr',
  '/billing/quota',
  '/admin/users',
  '/admin/extensions',
  '/admin/queues',
  '/admin/dids',
  '/admin/rates',
  '/admin/settings',
  '/admin/audit',
  '/operator/tenants',
  '/operator/audit',
]);

/** Entries whose pages are not built yet. */
export const COMING_SOON: NavEntry[] = NAV.flatMap((g) => g.entries).filter((e) => !BUILT.has(e.path));
