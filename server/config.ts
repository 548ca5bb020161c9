// Every setting, read from the environment once and validated. Nothing set
// means the embedded demo: PGlite under ./data, the in-process Socket.IO
// adapter, and the PBX simulator with demo traffic.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.includes(new URL(v).protocol), `must start with ${protocols.join(' or ')}`);

/** host:port[:password]; an IPv6 host in brackets. */
const ENDPOINT = /^(\[[0-9A-Fa-f:.]+\]|[^:\s\[\]]+):(\d{1,5})(?::(.+))?$/;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(8080),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  ESL_HOST: z.string().min(1).optional(),
  ESL_PORT: port.default(8021),
  ESL_PASSWORD: z.string().min(1).default('ClueCon'),
  /**
   * Several FreeSWITCH servers: `host:port[:password]`, comma-separated (instead of ESL_HOST and
   * ESL_PORT; ESL_PASSWORD is the password of those that name none). The first runs the queues.
   */
  ESL_SERVERS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every((s) => Number(ENDPOINT.exec(s)?.[2] ?? NaN) <= 65535), 'must be a comma-separated list of host:port or host:port:password')
    .refine((list) => new Set(list.map((s) => ENDPOINT.exec(s)?.slice(1, 3).join(':') ?? s)).size === list.length, 'must not name a server twice')
    .optional(),
  /** With neither ESL_HOST nor ESL_SERVERS: run the simulator in-process and give it demo traffic. */
  SIMULATOR_DEMO: bool.default(true),
  /** Create the demo tenants on start when the database has no tenant. */
  SEED_DEMO: bool.optional(),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Where users reach Switchboard (https://pbx.example.com): the start of set-password links. Default: the request's own origin (the CLI: http://HOST:PORT). */
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  /** A proxy in front sets X-Forwarded-For: the audit log records the client address from it. */
  TRUST_PROXY: bool.default(false),
  /** Secure cookies need HTTPS; on by default in production. */
  COOKIE_SECURE: bool.optional(),
  MAX_FAILED_SIGN_INS: z.coerce.number().int().min(1).max(100).default(5),
  /** Failed sign-ins from one client address within SIGN_IN_WINDOW_S before it must wait (429). */
  SIGN_IN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Failed sign-ins for one e-mail (an account or not) within SIGN_IN_WINDOW_S before it must wait (429). */
  SIGN_IN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(10),
  SIGN_IN_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(900),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Largest PDF a user may fax, in MB. */
  FAX_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(200).default(20),
  /** Most pages a fax may carry (the cover not counted): a fax line sends about one a minute. */
  FAX_MAX_PAGES: z.coerce.number().int().min(1).max(1000).default(100),
  /** Attempts after the first when the line is busy or nobody answers. */
  FAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  FAX_RETRY_DELAY_S: z.coerce.number().min(0).max(86_400).default(120),
  /** How long a node answers for a fax it is sending before another node checks on it. */
  FAX_LEASE_S: z.coerce.number().min(1).max(86_400).default(900),
  /** How often the fax send queue and the fax e-mail queue look for work. */
  FAX_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
  /** The sofia gateway outbound faxes leave through: sofia/gateway/<name>/<number>; freeswitch/conf names it SIP_GATEWAY, "carrier" by default. */
  FAX_GATEWAY: z.string().regex(/^[\w.-]+$/, 'must be a gateway name').default('carrier'),
  /** Where fax TIFFs are written for FreeSWITCH to send; it must see the same path. Default: <DATA_DIR>/fax. */
  FAX_SPOOL_DIR: z.string().min(1).optional(),
  /** smtp://user:pass@host:port (or smtps://) for e-mailing inbound faxes; unset: they wait, visibly. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().min(3).default('Switchboard Fax <fax@switchboard.invalid>'),
  FAX_EMAIL_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  FAX_EMAIL_RETRY_DELAY_S: z.coerce.number().min(0).max(86_400).default(30),
  /** Addresses mod_xml_curl may call the /freeswitch endpoints from (comma list). */
  FREESWITCH_ALLOWED_IPS: z
    .string()
    .default('127.0.0.1,::1')
    .transform((v) => v.split(',').map((ip) => ip.trim()).filter(Boolean))
    .refine((ips) => ips.every((ip) => isIP(ip) !== 0), 'must be a comma-separated list of IP addresses'),
  /** Shared secret FreeSWITCH sends as HTTP basic auth (xml_curl gateway-credentials); lets any address in. */
  FREESWITCH_SECRET: z.string().min(16, 'must have at least 16 characters').optional(),
  /** Where FreeSWITCH writes call recordings (it must see the same folder); CDRs name files relative to it. Default: <DATA_DIR>/recordings. */
  RECORDINGS_DIR: z.string().min(1).optional(),
  /**
   * mod_voicemail's storage (FreeSWITCH's <storage>/voicemail: messages and greetings); Switchboard
   * reads messages and writes uploaded greetings there, so both must see the same path. Default:
   * <DATA_DIR>/freeswitch/storage/voicemail, where `npm run pbx` keeps it.
   */
  VOICEMAIL_DIR: z
    .string()
    .regex(/^[A-Za-z0-9._/+-]+$/, 'must be a path without spaces (FreeSWITCH is handed files under it)')
    .optional(),
  /** Largest greeting (a WAV file) a user may upload, in MB. */
  VOICEMAIL_GREETING_MAX_MB: z.coerce.number().int().min(1).max(100).default(10),
  /** WebSocket server shown on My Account; default wss://<tenant SIP domain>:7443. */
  SIP_WSS_URL: url(['wss:', 'ws:']).optional(),
  /** Seconds an extension without follow-me rings before its voicemail answers. */
  RING_SECONDS: z.coerce.number().int().min(5).max(300).default(30),
  /** How long a call whose softphone went away mid-call (a reload, a crash, a lost network) waits, held, for that user's phone to take it back before it goes where an unanswered call would. */
  RESUME_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
});

export type Config = ReturnType<typeof loadConfig>;

/** One FreeSWITCH's event socket. */
export interface EslEndpoint {
  host: string;
  port: number;
  password: string;
}

function eslOf(c: z.infer<typeof schema>) {
  if (c.ESL_HOST && c.ESL_SERVERS) throw new ConfigError('Invalid configuration:\n  ESL_SERVERS: set ESL_HOST or ESL_SERVERS, not both');
  const servers: EslEndpoint[] | undefined = c.ESL_SERVERS
    ? c.ESL_SERVERS.map((s) => {
        const [, host, port, password] = ENDPOINT.exec(s)!;
        return { host: host!.replace(/^\[(.*)\]$/, '$1'), port: Number(port), password: password ?? c.ESL_PASSWORD };
      })
    : c.ESL_HOST
      ? [{ host: c.ESL_HOST, port: c.ESL_PORT, password: c.ESL_PASSWORD }]
      : undefined;
  return servers
    ? { kind: 'freeswitch' as const, servers }
    : { kind: 'simulator' as const, demo: c.SIMULATOR_DEMO, password: c.ESL_PASSWORD };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  return {
    env: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    dataDir: resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    esl: eslOf(c),
    seedDemo: c.SEED_DEMO ?? !c.DATABASE_URL,
    sessionDays: c.SESSION_DAYS,
    publicUrl: c.PUBLIC_URL?.replace(/\/+$/, ''),
    trustProxy: c.TRUST_PROXY,
    cookieSecure: c.COOKIE_SECURE ?? production,
    maxFailedSignIns: c.MAX_FAILED_SIGN_INS,
    signInThrottle: {
      perAddress: c.SIGN_IN_FAILURES_PER_ADDRESS,
      perAccount: c.SIGN_IN_FAILURES_PER_ACCOUNT,
      windowMs: c.SIGN_IN_WINDOW_S * 1000,
    },
    logLevel: c.LOG_LEVEL,
    fax: {
      maxUploadBytes: c.FAX_MAX_UPLOAD_MB * 1024 * 1024,
      maxPages: c.FAX_MAX_PAGES,
      maxAttempts: c.FAX_RETRIES + 1,
      retryDelayMs: c.FAX_RETRY_DELAY_S * 1000,
      leaseMs: c.FAX_LEASE_S * 1000,
      pollMs: c.FAX_POLL_MS,
      gateway: c.FAX_GATEWAY,
      dir: resolve(c.FAX_SPOOL_DIR ?? resolve(c.DATA_DIR, 'fax')),
      smtpUrl: c.SMTP_URL,
      smtpFrom: c.SMTP_FROM,
      emailAttempts: c.FAX_EMAIL_ATTEMPTS,
      emailRetryDelayMs: c.FAX_EMAIL_RETRY_DELAY_S * 1000,
    },
    freeswitch: { allowedIps: c.FREESWITCH_ALLOWED_IPS, secret: c.FREESWITCH_SECRET },
    sipWssUrl: c.SIP_WSS_URL,
    ringSeconds: c.RING_SECONDS,
    resumeSeconds: c.RESUME_SECONDS,
    recordingsDir: resolve(c.RECORDINGS_DIR ?? resolve(c.DATA_DIR, 'recordings')),
    voicemail: {
      dir: resolve(c.VOICEMAIL_DIR ?? resolve(c.DATA_DIR, 'freeswitch', 'storage', 'voicemail')),
      maxGreetingBytes: c.VOICEMAIL_GREETING_MAX_MB * 1024 * 1024,
    },
  };
}
