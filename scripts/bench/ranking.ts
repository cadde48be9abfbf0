/** Section "ranking": scripts/bench-ranking.ts (owned by the ranking work), run as it is. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Run the ranking bench in a child process with its output shown here; returns its wall time. */
export function runRankingBench(): number | undefined {
  const script = resolve('scripts/bench-ranking.ts');
  if (!existsSync(script)) {
    console.log('\nRanking: scripts/bench-ranking.ts is not there; section skipped.');
    return undefined;
  }
  console.log('\nRanking (scripts/bench-ranking.ts, synthetic 512-d vectors, its own output follows)');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit', timeout: 300_000 });
  if (r.status !== 0) console.log(`  ranking bench ended with ${r.error ? r.error.message : `status ${r.status ?? r.signal}`}`);
  return performance.now() - t0;
}
