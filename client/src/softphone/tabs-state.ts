// Which of the user's tabs has the softphone, as this tab sees it: the
// messages the tabs send each other over a BroadcastChannel (decoded
// strictly: another tab may run an older build) and the pure reducer of this
// tab's view. tabs.ts does the I/O (Web Locks, the channel).

/** What the tab holding the softphone tells the others about it. */
export interface HolderInfo {
  extension: string | null;
  registered: boolean;
  inCall: boolean;
}

export type TabMessage =
  /** A tab opened and wants to know who holds the softphone. */
  | { kind: 'ask'; tab: string }
  /** The holder's state: on taking the lock, on every change, and in reply to ask. */
  | ({ kind: 'holder'; tab: string } & HolderInfo)
  /** The holder stopped (unregistered) and let the lock go. */
  | { kind: 'released'; tab: string };

/** here: this tab holds it; elsewhere: another tab does; free: no tab has said it holds it (yet). */
export type TabView = { kind: 'here' } | { kind: 'free' } | ({ kind: 'elsewhere'; tab: string } & HolderInfo);

export function readTabMessage(data: unknown): TabMessage | null {
  if (!data || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  if (typeof m.tab !== 'string' || !m.tab) return null;
  switch (m.kind) {
    case 'ask':
    case 'released':
      return { kind: m.kind, tab: m.tab };
    case 'holder':
      if ((m.extension !== null && typeof m.extension !== 'string') || typeof m.registered !== 'boolean' || typeof m.inCall !== 'boolean') return null;
      return { kind: 'holder', tab: m.tab, extension: m.extension, registered: m.registered, inCall: m.inCall };
    default:
      return null;
  }
}

/** This tab's view after a message from another tab (`self` is this tab's id: its own messages are not news). */
export function reduceTabView(view: TabView, message: TabMessage, self: string): TabView {
  if (message.tab === self) return view;
  switch (message.kind) {
    case 'ask':
      return view;
    case 'holder':
      // Another tab took it from us: the lock says so too, but the message may come first.
      return { kind: 'elsewhere', tab: message.tab, extension: message.extension, registered: message.registered, inCall: message.inCall };
    case 'released':
      return view.kind === 'elsewhere' && view.tab === message.tab ? { kind: 'free' } : view;
  }
}

export const sameHolderInfo = (a: HolderInfo | null, b: HolderInfo): boolean =>
  !!a && a.extension === b.extension && a.registered === b.registered && a.inCall === b.inCall;
