/**
 * Calls `onChange` after the page's URL changes without a load (single-page apps), without polling:
 * the Navigation API where the browser has it; otherwise history events plus YouTube's own
 * `yt-navigate-finish`, and a watch on <title> (one observer, on one element).
 */
export function onUrlChange(signal: AbortSignal, onChange: () => void, win: Window = window): void {
  let last = win.location.href;
  const check = () => {
    if (win.location.href === last) return;
    last = win.location.href;
    onChange();
  };
  const nav = (win as Window & { navigation?: EventTarget }).navigation;
  if (nav) nav.addEventListener('navigatesuccess', check, { signal });
  win.addEventListener('popstate', check, { signal });
  win.document.addEventListener('yt-navigate-finish', check, { signal });
  if (!nav) {
    const title = win.document.querySelector('head > title');
    if (title) {
      const obs = new MutationObserver(check);
      obs.observe(title, { childList: true, characterData: true, subtree: true });
      signal.addEventListener('abort', () => obs.disconnect(), { once: true });
    }
  }
}
