// One softphone per user per browser: only the tab holding the Web Lock
// `switchboard.softphone.<user>` registers, so two tabs never both ring or
// fight over the registration. A tab that wants the phone queues for the
// lock: it gets it at once if no tab has it, or when the holding tab closes
// or crashes (the browser releases a dead tab's locks). "Use it here" steals
// the lock; the old holder learns it (its request rejects), unregisters and
// says "released" on the BroadcastChannel, and only then does the new tab
// register. Where Web Locks are missing (an insecure origin) every tab
// registers, as before.
import { createSignal, type Accessor } from 'solid-js';
import { readTabMessage, reduceTabView, sameHolderInfo, type HolderInfo, type TabMessage, type TabView } from './tabs-state.ts';

/** How long a tab that took the phone waits for the old holder to unregister (a frozen tab never says). */
const RELEASE_WAIT_MS = 3_000;

export interface SoftphoneTabs {
  view: Accessor<TabView>;
  /** This tab wants the phone for `user`: start() runs now if no tab has it (or this one does), else once it is free. */
  claim(user: string): void;
  /** "Use it here": take the phone from the tab that has it. */
  takeOver(): void;
  /** This tab no longer wants the phone (unregistered, signed out). */
  release(): void;
  /** The holder's state, for the other tabs' notice. */
  publish(info: HolderInfo): void;
}

export function createSoftphoneTabs(hooks: { start(): void; stop(): Promise<void> }): SoftphoneTabs {
  // Not crypto.randomUUID: it exists only in secure contexts, and this id need not be secret.
  const self = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const locks = typeof navigator !== 'undefined' && navigator.locks && typeof BroadcastChannel !== 'undefined' ? navigator.locks : null;
  const [other, setOther] = createSignal<TabView>({ kind: 'free' });
  const [holding, setHolding] = createSignal(false);
  let user: string | null = null;
  let channel: BroadcastChannel | null = null;
  let wanted = false;
  /** Resolves the held lock's callback: the lock goes. */
  let letGo: (() => void) | null = null;
  /** Our queued (not yet granted) lock request. */
  let queued: AbortController | null = null;
  let info: HolderInfo | null = null;
  const releaseWaiters = new Map<string, () => void>();

  const post = (message: TabMessage) => channel?.postMessage(message);
  const holderMessage = (): TabMessage => ({ kind: 'holder', tab: self, ...(info ?? { extension: null, registered: false, inCall: false }) });

  function onMessage(message: TabMessage) {
    if (message.kind === 'ask' && holding()) post(holderMessage());
    if (message.kind === 'released') releaseWaiters.get(message.tab)?.();
    setOther((view) => reduceTabView(view, message, self));
  }

  function open(forUser: string) {
    if (user === forUser && channel) return;
    close();
    user = forUser;
    channel = new BroadcastChannel(`switchboard.softphone.${forUser}`);
    channel.onmessage = (e: MessageEvent) => {
      const message = readTabMessage(e.data);
      if (message) onMessage(message);
    };
    post({ kind: 'ask', tab: self });
  }

  function close() {
    channel?.close();
    channel = null;
    setOther({ kind: 'free' });
  }

  const released = (tab: string) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, RELEASE_WAIT_MS);
      function done() {
        clearTimeout(timer);
        releaseWaiters.delete(tab);
        resolve();
      }
      releaseWaiters.set(tab, done);
    });

  /** Queue for the lock, or (steal) take it from its holder. */
  function request(steal: boolean) {
    if (!locks || !user) return;
    queued?.abort();
    const controller = steal ? null : new AbortController();
    queued = controller;
    const previous = steal && other().kind === 'elsewhere' ? (other() as { tab: string }).tab : null;
    let granted = false;
    locks
      .request(`switchboard.softphone.${user}`, controller ? { signal: controller.signal } : { steal: true }, () => {
        granted = true;
        if (queued === controller) queued = null;
        return new Promise<void>((resolve) => {
          letGo = resolve;
          setHolding(true);
          post(holderMessage());
          void (previous ? released(previous) : Promise.resolve()).then(() => letGo === resolve && hooks.start());
        });
      })
      .catch(() => {
        // Rejected while queued: we withdrew (abort). Rejected while held: another tab stole it.
        if (granted) void stolen();
      });
  }

  async function stolen() {
    letGo?.();
    letGo = null;
    setHolding(false);
    await hooks.stop();
    post({ kind: 'released', tab: self });
    // Back in the queue: when the tab that took it closes, this one carries on.
    if (wanted) request(false);
  }

  function releaseLock() {
    wanted = false;
    queued?.abort();
    queued = null;
    if (holding()) {
      letGo?.();
      letGo = null;
      setHolding(false);
      post({ kind: 'released', tab: self });
    }
  }

  addEventListener('pagehide', () => {
    if (holding()) post({ kind: 'released', tab: self });
  });

  return {
    view: () => (holding() || !locks ? { kind: 'here' } : other()),
    claim(forUser) {
      wanted = true;
      if (!locks) return hooks.start();
      if (user !== forUser) {
        releaseLock();
        wanted = true;
        open(forUser);
      }
      if (holding()) hooks.start();
      else if (!queued) request(false);
    },
    takeOver() {
      if (!locks || holding() || !wanted) return;
      request(true);
    },
    release: releaseLock,
    publish(next) {
      if (sameHolderInfo(info, next)) return;
      info = next;
      if (holding()) post(holderMessage());
    },
  };
}
