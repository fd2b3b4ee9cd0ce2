/** What a screen shows in words, for suites that check its language. */
import type { Page } from 'playwright-core';

/**
 * The text a user can see on the page (hidden, collapsed and unrendered elements left out), outside the
 * elements `skip` matches (a CSS selector list; give `script, style` too), joined by spaces.
 */
export function visibleText(page: Page, skip: string): Promise<string> {
  // No named helpers inside: the test runner's transform would wrap them in a __name() the page lacks.
  return page.evaluate((skipped) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(skipped)) continue;
      const style = getComputedStyle(parent);
      if (style.visibility === 'hidden' || style.display === 'none' || parent.getClientRects().length === 0) continue;
      parts.push(node.textContent ?? '');
    }
    return parts.join(' ');
  }, skip);
}
