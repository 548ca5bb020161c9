// A small levelled logger to stdout/stderr. Callers pass messages, never
// secrets: passwords, session tokens and SIP credentials stay out of logs.
const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

export interface Log {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export function createLog(level: LogLevel, name = 'switchboard'): Log {
  const min = LEVELS.indexOf(level);
  const at = (l: Exclude<LogLevel, 'silent'>) => (msg: string) => {
    if (LEVELS.indexOf(l) < min) return;
    const line = `${new Date().toISOString()} ${l.padEnd(5)} [${name}] ${msg}`;
    (l === 'error' || l === 'warn' ? console.error : console.log)(line);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
