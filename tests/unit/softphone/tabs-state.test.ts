// Which tab has the softphone, as one tab sees it: the messages tabs send
// each other (decoded strictly) and the pure reducer of the view.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTabMessage, reduceTabView, sameHolderInfo, type TabView } from '../../../client/src/softphone/tabs-state.ts';

const info = { extension: '1001', registered: true, inCall: false };

test('good messages are read as they are', () => {
  assert.equal(readTabMessage({ kind: 'ask', tab: 'a' }), { kind: 'ask', tab: 'a' });
  assert.equal(readTabMessage({ kind: 'released', tab: 'a', extra: 1 }), { kind: 'released', tab: 'a' });
  assert.equal(readTabMessage({ kind: 'holder', tab: 'a', ...info }), { kind: 'holder', tab: 'a', ...info });
  assert.equal(readTabMessage({ kind: 'holder', tab: 'a', ...info, extension: null }), { kind: 'holder', tab: 'a', ...info, extension: null });
});

test('bad messages are refused', () => {
  for (const bad of [
    null,
    'ask',
    42,
    {},
    { kind: 'ask' },
    { kind: 'ask', tab: '' },
    { kind: 'ask', tab: 7 },
    { kind: 'steal', tab: 'a' },
    { kind: 'holder', tab: 'a' },
    { kind: 'holder', tab: 'a', ...info, registered: 'yes' },
    { kind: 'holder', tab: 'a', ...info, inCall: 1 },
    { kind: 'holder', tab: 'a', ...info, extension: 1001 },
  ]) {
    assert.is(readTabMessage(bad), null, JSON.stringify(bad));
  }
});

test('another tab holding it: elsewhere, with what it said; its release frees the view', () => {
  let view: TabView = { kind: 'free' };
  view = reduceTabView(view, { kind: 'holder', tab: 'b', ...info }, 'a');
  assert.equal(view, { kind: 'elsewhere', tab: 'b', ...info });
  view = reduceTabView(view, { kind: 'holder', tab: 'b', ...info, inCall: true }, 'a');
  assert.equal(view, { kind: 'elsewhere', tab: 'b', ...info, inCall: true });
  // A third tab that let go of it long ago says nothing about b.
  assert.is(reduceTabView(view, { kind: 'released', tab: 'c' }, 'a'), view);
  assert.equal(reduceTabView(view, { kind: 'released', tab: 'b' }, 'a'), { kind: 'free' });
});

test('a tab that takes it over replaces the old holder; asks and our own messages change nothing', () => {
  const view: TabView = { kind: 'elsewhere', tab: 'b', ...info };
  assert.equal(reduceTabView(view, { kind: 'holder', tab: 'c', ...info, registered: false }, 'a'), { kind: 'elsewhere', tab: 'c', ...info, registered: false });
  assert.is(reduceTabView(view, { kind: 'ask', tab: 'c' }, 'a'), view);
  assert.is(reduceTabView(view, { kind: 'holder', tab: 'a', ...info }, 'a'), view);
  assert.is(reduceTabView(view, { kind: 'released', tab: 'a' }, 'a'), view);
});

test('holder info compares by value', () => {
  assert.ok(sameHolderInfo(info, { ...info }));
  assert.not.ok(sameHolderInfo(null, info));
  assert.not.ok(sameHolderInfo(info, { ...info, inCall: true }));
});

test.run();
