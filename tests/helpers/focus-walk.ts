// Walks a page with the Tab key as a keyboard user would, and checks every
// stop: the focused element is on screen, not covered by something else, and
// shows a focus indicator (an outline of 2 px or more, or a focus ring drawn
// with box-shadow).
import type { Page } from 'playwright-core';

export interface FocusStop {
  /** The element, for a message: tag, then its accessible-ish name. */
  what: string;
  problem: string | null;
}

/** Presses Tab until the focus comes back round (or `max` stops), from the top of the document. */
export async function tabWalk(page: Page, max = 80): Promise<FocusStop[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.getSelection()?.removeAllRanges();
  });
  const stops: FocusStop[] = [];
  let first: string | null = null;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : ''} "${name}"`;
      const key = `${what}@${el.getBoundingClientRect().top + window.scrollY}`;
      // A focus ring that fades in is read as it ends.
      for (const animation of el.getAnimations()) animation.finish();
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      let problem: string | null = null;
      if (rect.width < 2 || rect.height < 2 || style.visibility === 'hidden') problem = 'focused but not visible';
      else if (rect.bottom < 0 || rect.top > innerHeight || rect.right < 0 || rect.left > innerWidth) problem = 'focused off screen';
      else {
        const x = Math.min(innerWidth - 1, Math.max(0, rect.left + rect.width / 2));
        const y = Math.min(innerHeight - 1, Math.max(0, rect.top + rect.height / 2));
        const top = document.elementFromPoint(x, y);
        if (top && top !== el && !el.contains(top) && !top.contains(el)) problem = `covered by ${top.tagName.toLowerCase()}.${[...top.classList].join('.')}`;
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        // A ring drawn with box-shadow has no offset and no blur, only a spread ("0px 0px 0px 3px").
        const ring = [...style.boxShadow.matchAll(/0px 0px 0px (\d+(?:\.\d+)?)px/g)].some((m) => Number(m[1]) >= 2);
        if (!problem && !outline && !ring) problem = 'no visible focus indicator';
      }
      return { what, key, problem };
    });
    if (!stop) continue;
    if (stop.key === first) break;
    first ??= stop.key;
    stops.push({ what: stop.what, problem: stop.problem });
  }
  return stops;
}
