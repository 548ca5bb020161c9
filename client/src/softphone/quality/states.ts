// The connection's state in words: ICE (is there a path to the PBX's media
// port?) and DTLS (is the encrypted media channel up?), as a person reads them.

export type Tone = 'ok' | 'warn' | 'danger' | 'info';

export function iceInWords(state: RTCIceConnectionState | string): { text: string; tone: Tone } {
  switch (state) {
    case 'new':
    case 'checking':
      return { text: 'Finding a network path…', tone: 'info' };
    case 'connected':
    case 'completed':
      return { text: 'Network path open', tone: 'ok' };
    case 'disconnected':
      return { text: 'Network path interrupted: trying to recover…', tone: 'warn' };
    case 'failed':
      return { text: 'No network path to the PBX', tone: 'danger' };
    case 'closed':
      return { text: 'Closed', tone: 'info' };
    default:
      return { text: state, tone: 'info' };
  }
}

export function dtlsInWords(state: RTCDtlsTransportState | string | null): { text: string; tone: Tone } {
  switch (state) {
    case null:
    case 'new':
    case 'connecting':
      return { text: 'Setting up encryption…', tone: 'info' };
    case 'connected':
      return { text: 'Media encrypted (DTLS-SRTP)', tone: 'ok' };
    case 'failed':
      return { text: 'Encryption failed: no media', tone: 'danger' };
    case 'closed':
      return { text: 'Encryption closed', tone: 'info' };
    default:
      return { text: state, tone: 'info' };
  }
}
