// CUSTOM spandsp::txfaxresult / rxfaxresult as mod_spandsp_fax.c's phase E
// handler fires them: the channel's data first (switch_channel_event_set_data),
// then the fax-* headers, in its order.
import type { EventStamper } from './event.ts';
import { SimEvent } from './event.ts';
import type { SimChannel } from './truth.ts';

export interface SimFaxResult {
  /** T.30 completion code; 0 is OK. */
  code: number;
  /** How many pages went across. */
  transferred: number;
  /** Pages in the TIFF. */
  total: number;
  remoteStationId: string;
  localStationId: string;
  filename: string;
}

/** t30_completion_code_to_str for the codes the simulator produces. */
export const T30_TEXT: Record<number, string> = {
  0: 'OK',
  3: 'Timed out waiting for the first message',
  49: 'The call dropped prematurely',
};

export function faxResultEvent(s: EventStamper, c: SimChannel, mode: 'tx' | 'rx', r: SimFaxResult): SimEvent {
  const subclass = mode === 'tx' ? 'spandsp::txfaxresult' : 'spandsp::rxfaxresult';
  const h = s.stamp('CUSTOM', subclass, 'mod_spandsp_fax.c', 'phase_e_handler', 431);
  h.push(
    'Channel-State', 'CS_EXECUTE',
    'Channel-Call-State', 'ACTIVE',
    'Channel-Name', c.name,
    'Unique-ID', c.uuid,
    'Call-Direction', c.direction,
    'Answer-State', 'answered',
    'Caller-Caller-ID-Name', c.callerIdName,
    'Caller-Caller-ID-Number', c.callerIdNumber,
    'Caller-Destination-Number', c.to,
    'Caller-Unique-ID', c.uuid,
    'Caller-Context', c.domain,
    'variable_domain_name', c.domain,
    'variable_fax_filename', r.filename,
    'variable_fax_success', r.code === 0 ? '1' : '0',
    'variable_fax_result_code', String(r.code),
    'variable_fax_result_text', T30_TEXT[r.code] ?? 'Unexpected error',
    'fax-success', r.code === 0 ? '1' : '0',
    'fax-result-code', String(r.code),
    'fax-result-text', T30_TEXT[r.code] ?? 'Unexpected error',
    'fax-document-transferred-pages', String(r.transferred),
    'fax-document-total-pages', String(r.total),
    'fax-image-resolution', '204x196',
    'fax-image-size', String(r.transferred * 34_000),
    'fax-bad-rows', '0',
    'fax-transfer-rate', '14400',
    'fax-ecm-used', 'on',
    'fax-local-station-id', r.localStationId,
    'fax-remote-station-id', r.remoteStationId,
  );
  return new SimEvent('CUSTOM', subclass, h);
}
