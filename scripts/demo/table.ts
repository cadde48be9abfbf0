/**
 * The demo's terminal output: each list before and after, side by side, with the move and the
 * ranker's reason for it. Plain text (no colour codes), so it reads the same in a log or a pipe.
 */
import type { PageReport } from '../../src/messaging/protocol';
import type { DemoList } from './flow';

/** `s` cut to `n` characters (with an ellipsis) and padded to exactly `n`. */
function fit(s: string, n: number): string {
  const t = s.length > n ? s.slice(0, n - 1) + '…' : s;
  return t.padEnd(n);
}

/** ▲3 / ▼2 / blank: how far an item moved (positive = up). */
function arrow(delta: number): string {
  return delta > 0 ? `▲${delta}` : delta < 0 ? `▼${-delta}` : '';
}

/** One list as a table: position, the site's order, LocalRank's order, the move, and why. */
export function listTable(list: DemoList, moves: PageReport['moves'], width: number): string {
  const col = Math.max(24, Math.min(44, Math.floor((width - 16) / 3)));
  const why = Math.max(20, width - 2 * col - 16);
  const reasonOf = new Map(moves.map((m) => [m.title, m.reason]));
  const moved = list.after.filter((t, i) => list.before.indexOf(t) !== i).length;
  const lines = [
    `${list.name} — ${list.after.length} items, ${moved} moved`,
    `  #  ${fit("before (the site's order)", col)}  ${fit('after (LocalRank)', col)}  move  why`,
  ];
  list.after.forEach((title, i) => {
    const delta = list.before.indexOf(title) - i;
    // A move without a reason of its own: other items were moved above it.
    const reason = delta !== 0 ? reasonOf.get(title) || '—' : '';
    lines.push(`${String(i + 1).padStart(3)}  ${fit(list.before[i] ?? '', col)}  ${fit(title, col)}  ${arrow(delta).padEnd(4)}  ${fit(reason, why).trimEnd()}`);
  });
  return lines.join('\n');
}
