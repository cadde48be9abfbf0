import type { MoveReason } from '../messaging/protocol';

export const BADGE_ATTR = 'data-localrank-badge';

const STYLE = `
:host { all: initial; display: inline-block; position: relative; vertical-align: top; z-index: 2147483000; font: 11px/1.2 system-ui, sans-serif; }
button { all: unset; cursor: pointer; min-width: 14px; padding: 1px 4px; border-radius: 8px; color: #fff; text-align: center; }
button.up { background: #2457d6; } button.down { background: #6b7280; }
button:focus-visible { outline: 2px solid #2457d6; outline-offset: 1px; }
.pop { position: absolute; top: 18px; left: 0; width: 240px; padding: 8px; border-radius: 8px; background: #fff; color: #1b1d21;
  box-shadow: 0 4px 16px rgba(0,0,0,.25); display: none; }
.pop.open { display: block; }
.pop p { margin: 0 0 6px; } .pop ul { margin: 0 0 6px; padding-left: 16px; }
.pop .no { background: #f1f3f7; color: #1b1d21; border: 1px solid #dfe2e8; padding: 2px 6px; border-radius: 6px; }
@media (prefers-color-scheme: dark) { .pop { background: #23262c; color: #e8eaee; } .pop .no { background: #17191d; color: #e8eaee; border-color: #343841; } }
`;

/**
 * A small badge saying an item moved and why. It lives in a closed shadow root, so the page's
 * styles and scripts neither change nor read it, and every reason is set as text, never HTML.
 * Only the button is built with the badge (up to fifty per list, in the task that reorders);
 * the panel with the reasons and "Not interested" is built on the first click.
 */
export function addBadge(slot: Element, direction: 'up' | 'down', reasons: MoveReason[], onDismiss: () => void): Element {
  const doc = slot.ownerDocument;
  const host = doc.createElement('span');
  host.setAttribute(BADGE_ATTR, direction);
  const root = host.attachShadow({ mode: 'closed' });
  const style = adoptStyle(root, doc) ? undefined : Object.assign(doc.createElement('style'), { textContent: STYLE });
  const summary = reasons.map((r) => r.text).join('; ') || (direction === 'up' ? 'matches your taste' : 'less like what you look at');
  const button = doc.createElement('button');
  button.className = direction;
  button.textContent = direction === 'up' ? '▲' : '▼';
  button.title = `LocalRank moved this ${direction}: ${summary}`;
  button.setAttribute('aria-label', button.title);
  button.setAttribute('aria-expanded', 'false');
  let pop: HTMLElement | undefined;
  button.addEventListener('click', (e) => {
    // The badge sits inside the page's link: never let the click navigate.
    e.preventDefault();
    e.stopPropagation();
    if (!pop) root.append((pop = panel(doc, direction, reasons.length ? reasons : [{ text: summary }], onDismiss)));
    const open = pop.classList.toggle('open');
    button.setAttribute('aria-expanded', String(open));
  });
  if (style) root.append(style);
  root.append(button);
  slot.append(host);
  return host;
}

/** One parsed style sheet per document, shared by every badge; null where adopting fails. */
const sheets = new WeakMap<Document, CSSStyleSheet | null>();

/**
 * Gives `root` the badge style as an adopted sheet parsed once per document: a <style> in each
 * badge is parsed again when inserted (about half a badge's cost from a content script in
 * Chromium). False where a constructed sheet cannot be adopted (reported for Firefox content
 * scripts): the caller then adds a <style>.
 */
function adoptStyle(root: ShadowRoot, doc: Document): boolean {
  let sheet = sheets.get(doc);
  if (sheet === null) return false;
  try {
    if (!sheet) {
      const Sheet = (doc.defaultView as (Window & typeof globalThis) | null)?.CSSStyleSheet;
      if (typeof Sheet !== 'function' || !('adoptedStyleSheets' in root)) throw new Error('no constructable style sheets');
      sheet = new Sheet();
      sheet.replaceSync(STYLE);
    }
    root.adoptedStyleSheets = [sheet];
    if (root.adoptedStyleSheets.length !== 1) throw new Error('not adopted');
    sheets.set(doc, sheet);
    return true;
  } catch {
    sheets.set(doc, null);
    return false;
  }
}

/** The reasons and the "Not interested" button (text only). */
function panel(doc: Document, direction: 'up' | 'down', reasons: readonly { text: string }[], onDismiss: () => void): HTMLElement {
  const pop = doc.createElement('div');
  pop.className = 'pop';
  pop.setAttribute('role', 'dialog');
  const head = doc.createElement('p');
  head.textContent = `Moved ${direction} by LocalRank because:`;
  const list = doc.createElement('ul');
  for (const r of reasons) {
    const li = doc.createElement('li');
    li.textContent = r.text;
    list.append(li);
  }
  const no = doc.createElement('button');
  no.className = 'no';
  no.textContent = 'Not interested';
  no.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    no.textContent = 'Noted: fewer like this';
    no.setAttribute('disabled', '');
    onDismiss();
  });
  pop.append(head, list, no);
  return pop;
}

/** Remove every badge we added inside `root`. */
export function removeBadges(root: ParentNode): void {
  for (const b of root.querySelectorAll(`[${BADGE_ATTR}]`)) b.remove();
}
