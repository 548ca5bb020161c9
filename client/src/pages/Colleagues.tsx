// PBX → Colleagues: every extension of the organisation with its live
// presence from FreeSWITCH (offline, available, ringing, on a call, Do Not
// Disturb, on break), searchable; call one from the softphone, or transfer
// the softphone's call there. Supervisors and admins also see with whom
// each one talks.
import type { JSX } from 'solid-js';
import { ColleagueList } from '../colleagues/ColleagueList.tsx';
import { createColleagues } from '../colleagues/directory.ts';
import { createNow } from '../queues/clock.ts';
import { PageHeading } from '../shell/PageHeading.tsx';

export default function Colleagues(): JSX.Element {
  const colleagues = createColleagues();
  const now = createNow();
  return (
    <div class="page">
      <PageHeading title="Colleagues">
        <p class="page-lede">Who is free, ringing or on a call right now. Call a colleague from the softphone, or transfer your call to them.</p>
      </PageHeading>
      <ColleagueList colleagues={colleagues} now={now()} idPrefix="colleagues" />
    </div>
  );
}
