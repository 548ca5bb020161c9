// Reports → PBX CDR: the same calls with FreeSWITCH's detail and recordings.
import type { JSX } from 'solid-js';
import { CdrReport } from '../cdr/CdrReport.tsx';

export default function PbxCdr(): JSX.Element {
  return (
    <CdrReport
      title="PBX CDR"
      lede="Your calls as FreeSWITCH recorded them: codec, hangup cause, SIP call ID, and the recording when the call was recorded."
      detail
    />
  );
}
