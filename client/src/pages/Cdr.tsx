// Reports → CDR: the user's calls.
import type { JSX } from 'solid-js';
import { CdrReport } from '../cdr/CdrReport.tsx';

export default function Cdr(): JSX.Element {
  return (
    <CdrReport
      title="CDR"
      lede="Your calls, newest first. Calls that end while this page is open appear at the top."
      detail={false}
    />
  );
}
