// The CUSTOM event a phone's DND feature code fires: the dialplan we serve
// runs FreeSWITCH's `event` application with these headers, and parse.ts
// turns the event back into a PbxEvent. One file for both ends of the wire.

export const DND_SUBCLASS = 'switchboard::dnd';

export const DND_HEADERS = { user: 'Switchboard-User', domain: 'Switchboard-Domain', dnd: 'Switchboard-DND' } as const;

/**
 * Data for `<action application="event" data="…"/>`. The event application
 * splits on commas and `=`; extension numbers and SIP domains contain neither.
 */
export function dndEventData(user: string, domain: string, dnd: boolean): string {
  return [
    'Event-Name=CUSTOM',
    `Event-Subclass=${DND_SUBCLASS}`,
    `${DND_HEADERS.user}=${user}`,
    `${DND_HEADERS.domain}=${domain}`,
    `${DND_HEADERS.dnd}=${dnd ? 'on' : 'off'}`,
  ].join(',');
}
