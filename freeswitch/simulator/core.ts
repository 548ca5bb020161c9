// Events the core fires on its own: HEARTBEAT and BACKGROUND_JOB.
import { uptimeText } from './api.ts';
import type { EventStamper } from './event.ts';
import { SimEvent } from './event.ts';

export function heartbeatEvent(s: EventStamper, uptimeMs: number, sessions: number, sinceStartup: number): SimEvent {
  const h = s.stamp('HEARTBEAT', undefined, 'switch_core.c', 'send_heartbeat', 70);
  h.push(
    'Event-Info', 'System Ready',
    'Up-Time', uptimeText(uptimeMs),
    'FreeSWITCH-Version', '1.10.12-release~64bit',
    'Uptime-msec', String(Math.floor(uptimeMs)),
    'Session-Count', String(sessions),
    'Max-Sessions', '1000',
    'Session-Per-Sec', '30',
    'Session-Per-Sec-Last', '0',
    'Session-Per-Sec-Max', '0',
    'Session-Per-Sec-FiveMin', '0',
    'Session-Since-Startup', String(sinceStartup),
    'Session-Peak-Max', String(sessions),
    'Session-Peak-FiveMin', String(sessions),
    'Idle-CPU', '99.000000',
  );
  return new SimEvent('HEARTBEAT', undefined, h);
}

/** api_exec in mod_event_socket: the command's output becomes the event body. */
export function backgroundJobEvent(s: EventStamper, jobUuid: string, command: string, arg: string, output: string): SimEvent {
  const h = s.stamp('BACKGROUND_JOB', undefined, 'mod_event_socket.c', 'api_exec', 1582);
  h.push('Job-UUID', jobUuid, 'Job-Command', command);
  if (arg) h.push('Job-Command-Arg', arg);
  return new SimEvent('BACKGROUND_JOB', undefined, h, output);
}
