/** Human-readable table of eval results (stderr-free: the caller decides where it goes). */
import type { Results } from './runner';

/** One block per data set: methods as rows, metrics as columns. */
export function formatTable(all: Record<string, Results>): string {
  const out: string[] = [];
  for (const [ds, results] of Object.entries(all)) {
    const metrics = [...new Set(Object.values(results).flatMap((r) => Object.keys(r)))];
    const width = Math.max(24, ...Object.keys(results).map((m) => m.length + 2));
    out.push(`\n${ds}`);
    out.push(''.padEnd(width) + metrics.map((m) => m.padStart(Math.max(9, m.length + 1))).join(''));
    for (const [method, r] of Object.entries(results)) {
      out.push(method.padEnd(width) + metrics.map((m) => (r[m] === undefined ? '-' : (r[m] as number).toFixed(4)).padStart(Math.max(9, m.length + 1))).join(''));
    }
  }
  return out.join('\n');
}
