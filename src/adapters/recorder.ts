import { onUrlChange } from '../dom/navigation';
import type { EventReport, ProtocolMap } from '../messaging/protocol';
import type { SiteInfo } from '../sites/types';
import { readClick, readPageEvents } from './page-events';

type Send = <V extends 'page.record' | 'page.dwell'>(verb: V, payload: ProtocolMap[V]['req']) => Promise<unknown>;

/**
 * The content script's history recorder, tied to `signal`: reports searches and item views on
 * load and after SPA navigations, clicks on item links, and dwell time when the page is hidden.
 * It never stores anything itself (the page origin's storage is the page's); it only sends events.
 */
export function startRecorder(site: SiteInfo | undefined, send: Send, signal: AbortSignal, win: Window = window): void {
  const doc = win.document;
  let viewUrl: string | undefined;
  let visibleSince = doc.visibilityState === 'visible' ? performance.now() : undefined;
  let dwell = 0;
  const report = (e: EventReport) => void send('page.record', e).catch(() => undefined);

  const flushDwell = () => {
    if (visibleSince !== undefined) dwell += performance.now() - visibleSince;
    visibleSince = undefined;
    if (viewUrl && dwell >= 1000) void send('page.dwell', { url: viewUrl, dwellMs: dwell }).catch(() => undefined);
    dwell = 0;
  };
  const readPage = () => {
    flushDwell();
    visibleSince = doc.visibilityState === 'visible' ? performance.now() : undefined;
    const events = readPageEvents(doc, new URL(win.location.href), site);
    viewUrl = events.find((e) => e.kind === 'view')?.url;
    events.forEach(report);
  };

  readPage();
  onUrlChange(signal, readPage, win);
  doc.addEventListener(
    'click',
    (ev) => {
      const click = readClick(ev.target, new URL(win.location.href), site);
      if (click) report(click);
    },
    { capture: true, passive: true, signal },
  );
  doc.addEventListener(
    'visibilitychange',
    () => (doc.visibilityState === 'hidden' ? flushDwell() : (visibleSince = performance.now())),
    { signal },
  );
  win.addEventListener('pagehide', flushDwell, { signal });
}
