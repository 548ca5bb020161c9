// mod_dptools' `eavesdrop` as ESL commands (pure builders, run with
// pbx.bgapi / pbx.api). The supervisor's phone is rung with `eavesdrop` on
// the agent's leg as its application; switch_ivr_eavesdrop_session then
// reads the supervisor's DTMF, so a mode is changed by queueing a digit on
// that leg (`uuid_recv_dtmf`) — nothing rings again. With the media bug on
// the agent's leg, ED_MUX_WRITE mixes the supervisor into what the agent's
// phone is sent, ED_MUX_READ into what the agent says (what the caller hears):
//   0 → neither (listen), 2 → ED_MUX_WRITE (whisper), 3 → both (barge).
import type { SupervisionMode } from '../../common/live.ts';
import { word } from './commands.ts';

export const EAVESDROP_DIGITS: Record<SupervisionMode, string> = { listen: '0', whisper: '2', barge: '3' };

/** Seconds the supervisor's phone rings before the originate gives up. */
export const SUPERVISOR_RING_SECONDS = 30;

/**
 * Rings the supervisor's extension (`user/<ext>@<domain>`, every phone of
 * theirs) and, once answered, eavesdrops on `targetUuid`. The new leg gets
 * `uuid`, so its events are known before the job answers.
 */
export function eavesdropOriginate(o: { uuid: string; supervisorExtension: string; domain: string; targetUuid: string; agentExtension: string }): string {
  const vars = [
    `origination_uuid=${word(o.uuid, 'uuid')}`,
    `originate_timeout=${SUPERVISOR_RING_SECONDS}`,
    // What the supervisor's phone shows while it rings: whose call it is.
    'origination_caller_id_name=Supervise',
    `origination_caller_id_number=${word(o.agentExtension, 'extension')}`,
    // DTMF is how modes change (the default, said so a global setting cannot turn it off).
    'eavesdrop_enable_dtmf=true',
  ];
  return `originate {${vars.join(',')}}user/${word(o.supervisorExtension, 'extension')}@${word(o.domain, 'domain')} &eavesdrop(${word(o.targetUuid, 'uuid')})`;
}

/** Switches a running eavesdrop to `mode`: the digit switch_ivr_eavesdrop_session reads from the supervisor's leg. */
export const eavesdropMode = (supervisorUuid: string, mode: SupervisionMode): string =>
  `uuid_recv_dtmf ${word(supervisorUuid, 'uuid')} ${EAVESDROP_DIGITS[mode]}`;

/** Ends the supervision: the supervisor's leg hangs up (the agent's call goes on). */
export const eavesdropEnd = (supervisorUuid: string): string => `uuid_kill ${word(supervisorUuid, 'uuid')} NORMAL_CLEARING`;
