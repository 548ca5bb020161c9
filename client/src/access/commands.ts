// What the desk's keyboard shortcuts do, registered by whoever can do it: the
// shell (open the softphone, go to my status, the shortcut sheet), the
// softphone once loaded (answer, hang up, mute…), the call view (transfer).
// The key table (shortcuts.ts) only names commands; nothing here knows keys.

export type DeskCommand = 'answer' | 'reject' | 'hangup' | 'mute' | 'hold' | 'transfer' | 'status' | 'softphone' | 'shortcuts';

/** Did it: true. Nothing to act on: false (the key table's words say why), or the reason in words. */
export type CommandResult = boolean | string;
type Handler = () => CommandResult;

const handlers = new Map<DeskCommand, Handler[]>();

/** Registers a handler; the latest one registered for a command answers. Returns the unregister function. */
export function onCommand(command: DeskCommand, handler: Handler): () => void {
  const list = handlers.get(command) ?? [];
  handlers.set(command, [...list, handler]);
  return () => handlers.set(command, (handlers.get(command) ?? []).filter((h) => h !== handler));
}

/** Runs the command; false when no handler is there to run it. */
export function runCommand(command: DeskCommand): CommandResult {
  const handler = handlers.get(command)?.at(-1);
  return handler ? handler() : false;
}
