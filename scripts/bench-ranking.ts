/**
 * Ranking benchmark: time to score lists of 10/50/200 items against profiles built from
 * 100/10,000/100,000 events, with synthetic 512-d "encoder" vectors (topics + noise).
 * Figures are printed, never asserted.  Run: node --import tsx scripts/bench-ranking.ts
 */
import { createProfile } from '../src/ranking/profile';
import type { Profile } from '../src/ranking/profile';
import { applyEvents } from '../src/ranking/profile-update';
import { rankItems } from '../src/ranking/rank';
import type { ProfileEvent } from '../src/ranking/types';
import { seededRandom } from '../src/eval/rng';

const DIMS = 512;
const rand = seededRandom(42);
const WORDS = 'trail running shoes skillet cast iron tent camera lens guitar strings yoga mat coffee grinder lamp desk chair switch console controller headset keyboard mouse monitor'.split(' ');
const topics = Array.from({ length: 20 }, () => Float32Array.from({ length: DIMS }, () => rand() - 0.5));

function sample(): { title: string; vec: Float32Array } {
  const t = Math.floor(rand() * topics.length);
  const base = topics[t] as Float32Array;
  const vec = Float32Array.from(base, (x) => x + (rand() - 0.5) * 0.6);
  const words = Array.from({ length: 5 }, () => WORDS[Math.floor(rand() * WORDS.length)]);
  return { title: `${words.join(' ')} ${t} #${Math.floor(rand() * 1e6)}`, vec };
}

function buildProfile(n: number): { profile: Profile; ms: number } {
  const t0 = performance.now();
  let profile = createProfile({ id: 'bench', dims: DIMS });
  // Fed in batches of 1,000 as the extension would, one batch per stored chunk of history.
  for (let i = 0; i < n; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - i) }, () => sample());
    const events: ProfileEvent[] = batch.map((b, k) => ({ kind: (i + k) % 25 === 0 ? 'dismiss' : 'click', site: 'amazon', title: b.title, time: (i + k) * 60_000 }));
    profile = applyEvents(profile, events, batch.map((b) => b.vec));
  }
  return { profile, ms: performance.now() - t0 };
}

const rows: string[] = [];
for (const n of [100, 10_000, 100_000]) {
  const { profile, ms } = buildProfile(n);
  rows.push(`profile of ${n.toLocaleString('en')} events built in ${ms.toFixed(0)} ms (${((ms * 1000) / n).toFixed(1)} µs/event)`);
  for (const size of [10, 50, 200]) {
    const list = Array.from({ length: size }, () => sample());
    const items = list.map((l) => ({ title: l.title }));
    const vectors = list.map((l) => l.vec);
    const reps = Math.max(5, Math.round(2000 / size));
    rankItems({ items, profile, vectors, settings: { diversity: 0.3 } }); // warm-up
    const t0 = performance.now();
    let comparisons = 0;
    for (let r = 0; r < reps; r++) comparisons = rankItems({ items, profile, vectors, settings: { diversity: 0.3 } }).comparisons;
    const per = (performance.now() - t0) / reps;
    rows.push(`  rank ${String(size).padStart(3)} items: ${per.toFixed(2).padStart(7)} ms  (${comparisons} vector comparisons)`);
  }
}
console.log(rows.join('\n'));
