// The star codes a phone can dial. The dialplan the server serves to
// FreeSWITCH is generated from this table and the Feature Codes page shows
// it, so what users read and what the PBX does cannot disagree.

export type FeatureAction = 'dnd-on' | 'dnd-off' | 'voicemail';

export interface FeatureCode {
  /** What the phone dials, e.g. "*78". */
  code: string;
  action: FeatureAction;
  name: string;
  description: string;
}

export const FEATURE_CODES: readonly FeatureCode[] = [
  {
    code: '*78',
    action: 'dnd-on',
    name: 'Do not disturb on',
    description: 'Rejects every incoming call, queue calls included; callers go to your voicemail.',
  },
  {
    code: '*79',
    action: 'dnd-off',
    name: 'Do not disturb off',
    description: 'Calls ring your extension again, and your queues offer you calls again.',
  },
  {
    code: '*97',
    action: 'voicemail',
    name: 'Voicemail',
    description: 'Listen to your voicemail and change its greeting and PIN.',
  },
];

export const featureCodeFor = (dialled: string): FeatureCode | undefined => FEATURE_CODES.find((f) => f.code === dialled);
