// The compact colleagues list of the softphone's panel: its Colleagues tab,
// and beside a call's Transfer form ("Transfer here").
import type { JSX } from 'solid-js';
import { createNow } from '../queues/clock.ts';
import { ColleagueList } from './ColleagueList.tsx';
import { createColleagues } from './directory.ts';

export function ColleaguesPanel(props: { idPrefix: string }): JSX.Element {
  const colleagues = createColleagues();
  const now = createNow();
  return <ColleagueList colleagues={colleagues} now={now()} compact idPrefix={props.idPrefix} />;
}
