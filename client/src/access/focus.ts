// Moving the keyboard to something that may not be on screen yet (a page
// still loading after a shortcut navigated to it).

/** Focuses what `find` returns as soon as it is there, checked each frame; gives up after `ms`. */
export function focusWhenShown(find: () => HTMLElement | null, ms = 5_000): void {
  const deadline = performance.now() + ms;
  const attempt = () => {
    const target = find();
    if (target) target.focus();
    else if (performance.now() < deadline) requestAnimationFrame(attempt);
  };
  // After the frame: a page that just mounted has focused its own heading by then.
  requestAnimationFrame(attempt);
}

/** The agent's status control on the Agent Queues page: its pressed choice, else its first control. */
export function agentStatusControl(): HTMLElement | null {
  const section = document.querySelector('[data-testid="agent-status"]');
  if (!section) return null;
  return (
    section.querySelector<HTMLElement>('[aria-pressed="true"]:not(:disabled)') ??
    section.querySelector<HTMLElement>('button:not(:disabled), select:not(:disabled), input:not(:disabled)')
  );
}
