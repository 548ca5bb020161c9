// Every setting, read from the environment once and validated. Nothing set
// means the embedded demo: PGlite under ./data, the in-process Socket.IO
// adapter, and the PBX simulator with demo traffic.
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
  /** With no ESL_HOST: run the simulator in-process and give it demo traffic. */
  SIMULATOR_DEMO: bool.default(true),
  /** Create the demo tenants on start when the database has no tenant. */
  SEED_DEMO: bool.optional(),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Secure cookies need HTTPS; on by default in production. */
  COOKIE_SECURE: bool.optional(),
  MAX_FAILED_SIGN_INS: z.coerce.number().int().min(1).max(100).default(5),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Config = ReturnType<typeof loadConfig>;

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
    esl: c.ESL_HOST
      ? { kind: 'freeswitch' as const, host: c.ESL_HOST, port: c.ESL_PORT, password: c.ESL_PASSWORD }
      : { kind: 'simulator' as const, demo: c.SIMULATOR_DEMO, password: c.ESL_PASSWORD },
    seedDemo: c.SEED_DEMO ?? !c.DATABASE_URL,
    sessionDays: c.SESSION_DAYS,
    cookieSecure: c.COOKIE_SECURE ?? production,
    maxFailedSignIns: c.MAX_FAILED_SIGN_INS,
    logLevel: c.LOG_LEVEL,
  };
}
