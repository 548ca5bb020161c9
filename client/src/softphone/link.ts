// The softphone's connection to the PBX as the user should hear about it:
// the WebSocket that carries SIP (lost after a registration, then back) and
// the call's media path (ICE broken, restarted, restored). A pure reducer:
// recovery.ts feeds it what JsSIP and the peer connection report, and
// phone.ts shows and says the news it produces.

export interface LinkState {
  /** up: registered or never lost; lost: the WebSocket dropped after a registration and JsSIP is reconnecting. */
  signalling: 'up' | 'lost';
  /** ok: audio flows (or no call); broken: ICE lost its path; restarting: an ICE restart offer is out. */
  media: 'ok' | 'broken' | 'restarting';
  /** The last change worth saying, until the next one or until it is read. */
  news: string | null;
}

export type LinkEvent =
  | { type: 'signalling-lost' }
  | { type: 'registered' }
  /** The current call's RTCPeerConnection.iceConnectionState. */
  | { type: 'ice'; state: RTCIceConnectionState }
  | { type: 'ice-restart' }
  | { type: 'call-over' }
  | { type: 'news-read' };

export const initialLinkState = (): LinkState => ({ signalling: 'up', media: 'ok', news: null });

export const LINK_NEWS = {
  lost: 'Connection lost — reconnecting…',
  back: 'Reconnected.',
  interrupted: 'Call audio interrupted — restoring…',
  restored: 'Call audio restored.',
} as const;

export function reduceLink(state: LinkState, event: LinkEvent): LinkState {
  switch (event.type) {
    case 'signalling-lost':
      return state.signalling === 'lost' ? state : { ...state, signalling: 'lost', news: LINK_NEWS.lost };
    case 'registered':
      return state.signalling === 'up' ? state : { ...state, signalling: 'up', news: LINK_NEWS.back };
    case 'ice':
      if (event.state === 'disconnected' || event.state === 'failed') {
        if (state.media !== 'ok') return state;
        // While the WebSocket is down, "Connection lost" already says it.
        return { ...state, media: 'broken', news: state.signalling === 'lost' ? state.news : LINK_NEWS.interrupted };
      }
      if ((event.state === 'connected' || event.state === 'completed') && state.media !== 'ok') {
        return { ...state, media: 'ok', news: LINK_NEWS.restored };
      }
      return state;
    case 'ice-restart':
      return { ...state, media: 'restarting' };
    case 'call-over':
      return state.media === 'ok' ? state : { ...state, media: 'ok' };
    case 'news-read':
      return state.news === null ? state : { ...state, news: null };
  }
}

/** What the panel shows about the connection right now: the trouble while it lasts, else the latest news. */
export function linkLine(state: LinkState): { text: string; trouble: boolean } | null {
  if (state.signalling === 'lost') return { text: LINK_NEWS.lost, trouble: true };
  if (state.media !== 'ok') return { text: LINK_NEWS.interrupted, trouble: true };
  return state.news ? { text: state.news, trouble: false } : null;
}
