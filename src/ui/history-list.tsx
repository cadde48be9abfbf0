import type { HistoryEvent } from '../history/types';

const KIND_LABEL: Record<HistoryEvent['kind'], string> = { view: 'Viewed', click: 'Clicked', search: 'Searched', dismiss: 'Dismissed' };

function when(t: number): string {
  const d = new Date(t);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

interface Props {
  events: HistoryEvent[];
  siteName: (id: string) => string;
  onDelete: (id: number) => void;
}

/** History rows. Every page-derived string is rendered as a text node, never as HTML. */
export function HistoryList({ events, siteName, onDelete }: Props) {
  if (!events.length) return <p class="empty">Nothing recorded yet.</p>;
  return (
    <ul class="history" aria-label="History">
      {events.map((e) => (
        <li key={e.id} class="row" data-kind={e.kind}>
          <div class="row-main">
            <span class="title" dir="auto" title={e.title}>
              {e.kind === 'search' ? `“${e.query ?? e.title}”` : e.title || '(no title)'}
            </span>
            <span class="meta">
              {KIND_LABEL[e.kind]} · {siteName(e.site)} · {when(e.time)}
              {e.count > 1 ? ` · ×${e.count}` : ''}
            </span>
          </div>
          <button type="button" class="icon" aria-label={`Delete “${e.title.slice(0, 60)}”`} onClick={() => e.id !== undefined && onDelete(e.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
