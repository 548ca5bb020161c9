// Reports → PBX CDR: the same calls with FreeSWITCH's detail and recordings.
import type { JSX } from 'solid-js';
import { CdrReport } from '../cdr/CdrReport.tsx';

export default function PbxCdr(): JSX.Element {
  return (
    <CdrReport
      title="PBX CDR"
      lede="Your calls as FreeSWITCH recorded them: codec, hangup cause, its own measure of the audio (MOS, packets, flaws, jitter), SIP call ID, and the recording when the call was recorded."
      detail
    />
  );
}
