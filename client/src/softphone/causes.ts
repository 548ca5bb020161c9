// JsSIP's failure causes (JsSIP.C.causes) in words an agent understands.
// Plain strings, so this module does not pull JsSIP into the main bundle.

export const MICROPHONE_REFUSED =
  'Microphone access was refused. Allow the microphone for this site (the icon in the address bar), then try again.';

export function registrationFailure(cause: string | undefined, wsServer: string): string {
  switch (cause) {
    case 'Authentication Error':
      return 'Wrong SIP password (or extension): the server refused the credentials.';
    case 'Connection Error':
      return `Server unreachable: cannot connect to ${wsServer}.`;
    case 'Request Timeout':
      return 'The SIP server did not answer in time.';
    case 'Rejected':
      // 403: FreeSWITCH's answer to a wrong password, and to an extension or
      // domain its directory does not know (a proxy like Kamailio re-challenges
      // with 401 instead, which JsSIP calls 'Authentication Error').
      return 'Wrong SIP password, extension or domain: the server refused them.';
    case 'Not Found':
      return 'The SIP server does not accept this extension or domain.';
    default:
      return `Registration failed${cause ? ` (${cause})` : ''}.`;
  }
}

/** How a call ended. `originator` is JsSIP's: who ended it ('local', 'remote' or 'system'). */
export function callEnded(cause: string | undefined, originator: string, direction: 'inbound' | 'outbound', answered: boolean): { text: string; error: boolean } {
  const failure = (text: string) => ({ text, error: true });
  switch (cause) {
    case 'Terminated':
      return { text: originator === 'local' ? 'Call ended.' : 'The other side hung up.', error: false };
    case 'Canceled':
      return direction === 'inbound' && originator === 'remote' ? failure('Missed call: the caller hung up.') : { text: 'Call cancelled.', error: false };
    case 'Busy':
      return direction === 'inbound' ? { text: 'Call rejected.', error: false } : failure('Busy: the call was declined.');
    case 'Rejected':
      return direction === 'inbound' ? { text: 'Call rejected.', error: false } : failure('Declined: the call was rejected.');
    case 'Not Found':
      return failure('No such number or extension.');
    case 'Unavailable':
      return failure('Not available: nobody answered on that extension.');
    case 'No Answer':
      return failure('No answer.');
    case 'Address Incomplete':
      return failure('The number is incomplete.');
    case 'User Denied Media Access':
      return failure(MICROPHONE_REFUSED);
    case 'Connection Error':
      return failure('The connection to the SIP server was lost.');
    case 'Request Timeout':
      return failure('The call could not be set up in time.');
    case 'Authentication Error':
      return failure('The SIP server refused the call: check the SIP password.');
    case 'WebRTC Error':
    case 'Incompatible SDP':
    case 'Bad Media Description':
    case 'Missing SDP':
      return failure('The audio connection could not be set up.');
    default:
      return answered ? { text: 'Call ended.', error: false } : failure(`The call failed${cause ? ` (${cause})` : ''}.`);
  }
}
