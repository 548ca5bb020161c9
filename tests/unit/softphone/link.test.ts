// The softphone's connection news: what a dropped WebSocket, a broken media
// path and their recovery look like to the user, from the events recovery.ts
// feeds the pure reducer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initialLinkState, LINK_NEWS, linkLine, reduceLink, type LinkEvent, type LinkState } from '../../../client/src/softphone/link.ts';

function run(events: LinkEvent[], start: LinkState = initialLinkState()) {
  const news: string[] = [];
  let state = start;
  for (const event of events) {
    const next = reduceLink(state, event);
    if (next.news && next.news !== state.news) news.push(next.news);
    state = next;
  }
  return { state, news };
}

test('a drop mid-call: lost, reconnected, ICE restarted, audio restored — each said once', () => {
  const { state, news } = run([
    { type: 'ice', state: 'disconnected' },
    { type: 'signalling-lost' },
    { type: 'signalling-lost' },
    { type: 'registered' },
    { type: 'ice-restart' },
    { type: 'ice', state: 'checking' },
    { type: 'ice', state: 'connected' },
    { type: 'ice', state: 'connected' },
  ]);
  assert.equal(news, [LINK_NEWS.interrupted, LINK_NEWS.lost, LINK_NEWS.back, LINK_NEWS.restored]);
  assert.equal(state, { signalling: 'up', media: 'ok', news: LINK_NEWS.restored });
});

test('ICE breaking while the WebSocket is already down adds nothing to "Connection lost"', () => {
  const { news, state } = run([{ type: 'signalling-lost' }, { type: 'ice', state: 'failed' }]);
  assert.equal(news, [LINK_NEWS.lost]);
  assert.is(state.media, 'broken');
  assert.equal(linkLine(state), { text: LINK_NEWS.lost, trouble: true });
});

test('a restart over a path that never broke still ends in "Call audio restored" when the answer is in', () => {
  const { news } = run([{ type: 'signalling-lost' }, { type: 'registered' }, { type: 'ice-restart' }, { type: 'ice', state: 'connected' }]);
  assert.equal(news, [LINK_NEWS.lost, LINK_NEWS.back, LINK_NEWS.restored]);
});

test('registered without a loss, or ICE connecting at a call\'s start, is no news', () => {
  const { news, state } = run([{ type: 'registered' }, { type: 'ice', state: 'checking' }, { type: 'ice', state: 'connected' }]);
  assert.equal(news, []);
  assert.is(linkLine(state), null);
});

test('the panel line: trouble while it lasts, then the news until read; a call that ends clears its media trouble', () => {
  let state = reduceLink(initialLinkState(), { type: 'ice', state: 'disconnected' });
  assert.equal(linkLine(state), { text: LINK_NEWS.interrupted, trouble: true });
  state = reduceLink(state, { type: 'call-over' });
  assert.is(state.media, 'ok');
  assert.equal(linkLine(state), { text: LINK_NEWS.interrupted, trouble: false }, 'the news stays until read');
  state = reduceLink(state, { type: 'news-read' });
  assert.is(linkLine(state), null);
  assert.is(reduceLink(state, { type: 'news-read' }), state, 'unchanged state is the same object');
});

test.run();
