import { useEffect, useState } from 'preact/hooks';
import { send } from '../messaging/client';
import type { PageReport } from '../messaging/protocol';

const METHOD: Record<string, string> = { encoder: 'model', lexical: 'words only (no model)', platform: "the site's order" };

/** "First order in 30 ms; refined by the model after 1.2 s (12 items below what you had seen)". */
function timing(report: PageReport): string {
  const l = report.lists.find((x) => x.firstMs !== undefined);
  if (!l || l.firstMs === undefined) return '';
  const ms = (v: number) => (v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);
  const refined = report.lists.reduce((n, x) => n + (x.refined ?? 0), 0);
  const first = `First order in ${ms(l.firstMs)}`;
  if (!refined || l.finalMs === undefined || l.finalMs === l.firstMs) return `${first}.`;
  return `${first}; refined by the model after ${ms(l.finalMs)} (${refined} item${refined === 1 ? '' : 's'} below what you had seen).`;
}

/** "On this page": what LocalRank moved and why, and the one-click original order. */
export function PagePanel({ tabId }: { tabId: number | undefined }) {
  const [report, setReport] = useState<PageReport | null>(null);
  const [busy, setBusy] = useState(false);
  const load = () => (tabId === undefined ? undefined : void send('tab.report', { tabId }).then(setReport, () => setReport(null)));
  useEffect(load, [tabId]);
  if (tabId === undefined || !report) return null;

  const toggle = async () => {
    setBusy(true);
    const r = await send('tab.original', { tabId, original: !report.restored }).catch(() => null);
    if (r?.report) setReport(r.report);
    else load();
    setBusy(false);
  };
  if (!report.recognised) {
    return <p class="banner warn" data-testid="not-recognised">Layout not recognised on this page: LocalRank left it as it was.</p>;
  }
  const moved = report.lists.reduce((n, l) => n + l.moved, 0);
  return (
    <section aria-label="On this page" class="page-panel">
      <div class="row-head">
        <strong>On this page</strong>
        <button type="button" disabled={busy} aria-pressed={report.restored} onClick={() => void toggle()}>
          {report.restored ? 'Rank again' : 'Show original order'}
        </button>
      </div>
      <p class="hint">
        {report.restored
          ? 'Showing the site’s original order.'
          : `${moved} item${moved === 1 ? '' : 's'} moved in ${report.lists.length} list${report.lists.length === 1 ? '' : 's'}, by ${METHOD[report.lists[0]?.method ?? 'platform']}${report.lists.some((l) => l.coldStart) ? ' (little history yet: staying close to the site’s order)' : ''}.`}
      </p>
      {!report.restored && timing(report) && <p class="hint" data-testid="timing">{timing(report)}</p>}
      {!report.restored && (
        <ul class="moves">
          {report.moves.filter((m) => m.reason).slice(0, 6).map((m, i) => (
            <li key={i} dir="auto">
              <span class={m.to < m.from ? 'up' : 'down'}>{m.to < m.from ? '▲' : '▼'} {m.from + 1}→{m.to + 1}</span> {m.title}
              <small> — {m.reason}</small>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
