// A desk phone nobody here wrote: baresip (Debian 1.0), registered to
// FreeSWITCH over UDP as one extension, answering every call by itself and
// sending a tone (ausine, 440 Hz unless told) as its microphone; it may
// also place one call as it starts. Started inside a network
// namespace (beside a FreeSWITCH running there) or on this machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../helpers/wait.ts';
import { stop } from '../../sip/netns.ts';

const MODULES = '/usr/lib/baresip/modules';

export interface DeskPhoneOptions {
  extension: string;
  domain: string;
  password: string;
  /** FreeSWITCH's SIP port on 127.0.0.1 (the internal profile). */
  registrar: number;
  /** baresip's own SIP port on 127.0.0.1; it also takes the next one, for TLS (ports.ts freePortPair). */
  port: number;
  /** Its microphone's tone in Hz (440 when absent): phones of one test send distinct tones, to tell who is heard. */
  tone?: number;
  /** Answers calls by itself (the default), or lets them ring. */
  autoAnswer?: boolean;
  /** Dials this (a number or a queue's name, in the phone's domain) as soon as it has started. */
  dial?: string;
  /** Spawns inside a namespace (Netns.spawn); on this machine when absent. */
  spawn?: (command: string, args: string[]) => ChildProcess;
}

export interface DeskPhone {
  /** baresip's console output so far. */
  log(): string;
  /** The current call's status line says audio goes out and comes in (bit/s both > 0). */
  audioBothWays(): boolean;
  stop(): Promise<void>;
}

export async function startDeskPhone(options: DeskPhoneOptions): Promise<DeskPhone> {
  if (!/^[\w.-]+$/.test(options.password)) throw new Error('unsafe SIP password for a baresip account line');
  const dir = mkdtempSync(join(tmpdir(), 'sb-baresip-'));
  writeFileSync(
    join(dir, 'config'),
    [
      `sip_listen 127.0.0.1:${options.port}`,
      // The microphone is a tone. Debian's 1.0 aufile has no player, so what it
      // hears is decoded and dropped (the call's status line still counts it).
      `audio_source ausine,${options.tone ?? 440}`,
      'ausrc_srate 48000', // ausine makes 48 kHz stereo only; baresip resamples to the codec's 8 kHz mono
      'ausrc_channels 2',
      'audio_player aufile,/dev/null',
      'audio_alert aufile,/dev/null',
      `module_path ${MODULES}`,
      'module g711.so',
      'module ausine.so',
      'module aufile.so',
      'module_app account.so',
      'module_app menu.so',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:${options.extension}@${options.domain}>;auth_pass=${options.password};outbound="sip:127.0.0.1:${options.registrar};transport=udp";regint=300;answermode=${options.autoAnswer === false ? 'manual' : 'auto'};audio_codecs=PCMU\n`,
  );
  // -n: bind to loopback by address (baresip skips `lo` when it looks for an interface).
  if (options.dial !== undefined && !/^[\w.+-]+$/.test(options.dial)) throw new Error('unsafe number to dial');
  const args = ['-f', dir, '-4', '-n', '127.0.0.1', ...(process.env.SB_BARESIP_TRACE ? ['-s'] : []), ...(options.dial ? ['-e', `/dial ${options.dial}`] : [])];
  const child = options.spawn ? options.spawn('baresip', args) : spawn('baresip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  // The menu redraws a call's status line many times a second: keep the tail only.
  child.stdout!.on('data', (d) => (log = (log + d).slice(-50_000)));
  child.stderr!.on('data', (d) => (log = (log + d).slice(-50_000)));
  const cleanup = async () => {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`baresip exited with ${child.exitCode}:\n${log}`);
      return /200 OK|registered successfully/i.test(log);
    }, 10_000, `baresip ${options.extension} to register`, 100);
  } catch (err) {
    await cleanup();
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  return {
    log: () => log,
    audioBothWays() {
      // menu.c redraws "[0:00:03] audio=63936/63936 (bit/s)" (sent/received) during a call.
      const last = [...log.matchAll(/audio=(\d+)\/(\d+) \(bit\/s\)/g)].at(-1);
      return !!last && Number(last[1]) > 0 && Number(last[2]) > 0;
    },
    stop: cleanup,
  };
}
