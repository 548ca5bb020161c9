// The ESL command that sends a fax: originate a call to the number through
// the gateway and run spandsp's txfax on it once answered. Pure.

export interface TxFax {
  /** origination_uuid: the channel's Unique-ID, which keys the result events. */
  uuid: string;
  /** Digits, with + for E.164. */
  number: string;
  gateway: string;
  tiffPath: string;
  /** The tenant's SIP domain, so the call's events find their tenant. */
  domain: string;
  /** fax_ident: the station id the far machine prints (20 characters at most). */
  ident: string;
  /** fax_header: the line spandsp prints on top of every page. */
  header: string;
  callerIdName: string;
  callerIdNumber: string;
}

/** Set on every leg we originate to send a fax; FreeSWITCH repeats it on the leg's hangup event. */
export const FAX_CALL_VARIABLE = 'switchboard_fax_call';

/** A channel variable value: quoted, with what would end it (commas, quotes, braces) taken out. */
const value = (v: string) => `'${v.replace(/[',{}\r\n\\]/g, ' ').trim()}'`;

export function txfaxOriginate(f: TxFax): string {
  if (!/^\+?\d{3,15}$/.test(f.number)) throw new Error('not a dialable fax number');
  if (!/^[\w.-]+$/.test(f.gateway)) throw new Error('not a gateway name');
  if (/[\s()]/.test(f.tiffPath)) throw new Error('a fax TIFF path must have no spaces or brackets');
  const vars = [
    `origination_uuid=${f.uuid}`,
    `${FAX_CALL_VARIABLE}=true`,
    `domain_name=${value(f.domain)}`,
    `origination_caller_id_name=${value(f.callerIdName)}`,
    `origination_caller_id_number=${value(f.callerIdNumber)}`,
    `fax_ident=${value(f.ident.slice(0, 20))}`,
    `fax_header=${value(f.header)}`,
    // Most carriers pass T.38; FreeSWITCH falls back to audio when the far end declines it.
    'fax_enable_t38=true',
    'fax_verbose=false',
    // Fax survives only uncompressed G.711: never let the call settle on OPUS or G.722 (^^: sets the list separator).
    'absolute_codec_string=^^:PCMU:PCMA',
    'ignore_early_media=true',
    'originate_timeout=60',
  ];
  return `originate {${vars.join(',')}}sofia/gateway/${f.gateway}/${f.number} &txfax(${f.tiffPath})`;
}

/** `uuid_exists <uuid>`: FreeSWITCH answers true while that channel lives. */
export const uuidExists = (uuid: string) => `uuid_exists ${uuid}`;

/** A fax originate that FreeSWITCH refused: the call's UUID, FreeSWITCH's cause and the gateway it named. */
export interface RefusedOriginate {
  uuid: string;
  /** The hangup cause name `originate` printed after -ERR, e.g. INVALID_GATEWAY. */
  cause: string;
  gateway: string | undefined;
}

/**
 * A BACKGROUND_JOB of one of our `originate … &txfax(…)` commands that
 * printed `-ERR <CAUSE>` (mod_commands' originate_function). When the
 * gateway does not exist this is the only word FreeSWITCH says: no channel
 * is ever created. Any node can read it: the origination_uuid is in the
 * job's own Job-Command-Arg.
 */
export function refusedOriginate(job: { command: string; arg: string; output: string }): RefusedOriginate | undefined {
  if (job.command !== 'originate' || !job.arg.includes('&txfax(')) return undefined;
  const err = /^-ERR\s+(\S+)/.exec(job.output.trim());
  const uuid = /[{,]origination_uuid=([0-9a-f-]{36})[,}]/i.exec(job.arg)?.[1];
  if (!err || !uuid) return undefined;
  return { uuid: uuid.toLowerCase(), cause: err[1]!, gateway: /sofia\/gateway\/([^/\s]+)\//.exec(job.arg)?.[1] };
}
