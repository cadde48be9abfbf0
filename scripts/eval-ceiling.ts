/**
 * Upper-bound analysis for the ranking targets (not part of `npm run eval`; nothing here
 * changes the ranker). Answers "is a target out of reach zero-shot, and why?" with numbers:
 *
 *  1. Dumps, per eval list, LocalRank's z-scored features (the same `src/ranking` code the
 *     extension runs), the USE-lite candidate vectors and the user's sequence-weighted mean and
 *     latest history vectors, for the valid and test splits, into .cache/eval/ceiling/.
 *     `/usr/bin/python3 scripts/eval-ceiling.py` then TRAINS models on them (valid → test; MIND
 *     cross-fitted between its two test files), which no zero-shot ranker can do: a re-weighting
 *     of the features, a learned bilinear metric on the frozen vectors, and a non-personal item
 *     prior (what kind of item gets chosen, a popularity stand-in).
 *  2. Prints what MIND category metadata would add (only sample400by_ratio.csv has it; no site
 *     adapter passes categories to the ranker today).
 *
 *   node --import tsx scripts/eval-ceiling.ts [--data DIR] && /usr/bin/python3 scripts/eval-ceiling.py
 *
 * Needs the vector cache of a previous `npm run eval` (valid and test splits).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCsvRecords } from '../src/eval/csv';
import { readAmazon } from '../src/eval/datasets/amazon';
import { readMind } from '../src/eval/datasets/mind';
import { readMovielens } from '../src/eval/datasets/movielens';
import { taskProfile } from '../src/eval/localrank';
import { auc, ndcgAt, rankedLabels } from '../src/eval/metrics';
import type { EvalDataset, EvalTask } from '../src/eval/task';
import { USE_LITE_DIMS, USE_LITE_ID } from '../src/eval/use-lite';
import { VectorCache } from '../src/eval/vector-cache';
import { orderByScore } from '../src/ranking/blend';
import { addDocument, emptyCorpus } from '../src/ranking/bm25';
import { computeFeatures } from '../src/ranking/features';
import type { ItemFeatures } from '../src/ranking/features';
import { itemKeys } from '../src/ranking/keys';
import { FEATURE_NAMES, zScores } from '../src/ranking/score';
import { DEFAULT_RANK_SETTINGS } from '../src/ranking/settings';
import { unitOrNull } from '../src/ranking/vector';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values } = parseArgs({ options: { data: { type: 'string', default: `${root}/../shared/data` }, out: { type: 'string', default: `${root}/.cache/eval/ceiling` } } });
const D = USE_LITE_DIMS;
const cache = new VectorCache(join(root, '.cache/eval', USE_LITE_ID), D);
const vec = (t: string): Float32Array | null => cache.get(t);
const S = DEFAULT_RANK_SETTINGS;
// The features the default ranker weighs (anchors and dismissals are empty in eval histories).
const NAMES = FEATURE_NAMES.filter((n) => S.weights[n] !== 0 && n !== 'anchor' && n !== 'negative');

interface Row { task: EvalTask; ds: string; features: ItemFeatures[]; seen: number[]; cand: Array<Float32Array | null>; mean: Float32Array; last: Float32Array }

function rows(ds: EvalDataset, settings: string[]): Row[] {
  const corpus = emptyCorpus();
  for (const t of ds.corpusTitles) addDocument(corpus, t);
  return ds.tasks.filter((t) => settings.includes(t.setting)).map((task) => {
    const profile = taskProfile(task, ds.name, vec, {}, D);
    const titles = task.candidates.map((c) => c.title);
    const cand = titles.map((t) => unitOrNull(vec(t)));
    const ctx = { profile, corpus, now: task.now, site: ds.name, softTemperature: S.softTemperature, queryExponent: S.queryExponent, sequenceHalfLife: S.sequenceHalfLife, lexicalShare: S.lexicalShare };
    const { features } = computeFeatures(ctx, titles, cand);
    const seen = task.candidates.map((c) => (itemKeys(ds.name, { itemId: c.id, title: c.title }).some((k) => Object.hasOwn(profile.seen, k)) ? 1 : 0));
    // The user as one vector: recent items weighted like the ranker's sequence weight.
    const mean = new Float32Array(D);
    let last: Float32Array = new Float32Array(D);
    const h = profile.recent.length;
    profile.recent.forEach((m, j) => {
      if (!m.vec) return;
      const w = Math.pow(2, -(h - 1 - j) / S.sequenceHalfLife);
      for (let d = 0; d < D; d++) mean[d]! += w * m.vec[d]!;
      last = m.vec;
    });
    return { task, ds: ds.name, features, seen, cand, mean: unitOrNull(mean) ?? mean, last };
  });
}

function dump(split: 'valid' | 'test'): Row[] {
  const dir = values.data;
  const all = [
    ...rows(readAmazon(join(dir, 'amazon-games'), split), ['random', 'sasrec-unowned']),
    ...rows(readMind(join(dir, 'mind-recprompt'), split), ['main']),
    ...rows(readMovielens(join(dir, 'movielens-100k'), split), ['main']),
  ];
  const n = all.reduce((s, r) => s + r.cand.length, 0);
  const C = new Float32Array(n * D);
  const Z = new Float32Array(n * NAMES.length);
  const H = new Float32Array(all.length * 2 * D);
  let k = 0;
  all.forEach((r, t) => {
    const cols = NAMES.map((name) => zScores(r.features.map((f) => f[name] as number | null)));
    r.cand.forEach((v, i) => {
      if (v) C.set(v, (k + i) * D);
      NAMES.forEach((_, j) => (Z[(k + i) * NAMES.length + j] = cols[j]![i]!));
    });
    k += r.cand.length;
    H.set(r.mean, t * 2 * D);
    H.set(r.last, (t * 2 + 1) * D);
  });
  mkdirSync(values.out, { recursive: true });
  const meta = all.map((r) => ({ ds: r.ds, setting: r.task.setting, group: r.task.group ?? '', file: r.task.candidates[0]?.id.split(':')[0] ?? '', labels: r.task.labels, seen: r.seen }));
  writeFileSync(join(values.out, `${split}.json`), JSON.stringify({ dims: D, features: NAMES, weights: NAMES.map((name) => (name === 'typicality' ? -1 : 1) * S.weights[name]), lists: meta }));
  for (const [name, a] of [['C', C], ['Z', Z], ['H', H]] as const) writeFileSync(join(values.out, `${split}-${name}.f32`), new Uint8Array(a.buffer));
  process.stderr.write(`${split}: ${all.length} lists, ${n} candidates → ${values.out}\n`);
  return all;
}

/** MIND categories (sample400by_ratio.csv only): what they would add to LocalRank's score. */
function categories(test: Row[]): void {
  const recs = parseCsvRecords(readFileSync(join(values.data, 'mind-recprompt', 'sample400by_ratio.csv'), 'utf8'));
  const cat = new Map<string, [string, string]>();
  for (const r of recs) {
    for (const [p, c, s] of [['H', r.history_category, r.history_subvert], ['C', r.candidate_category, r.candidate_subvert]] as const) {
      const sub = (s ?? '').split('\n');
      (c ?? '').split('\n').forEach((x, i) => cat.set(`sample400by_ratio.csv:${r.impression_id}:${p}${i + 1}`, [x.trim(), (sub[i] ?? '').trim()]));
    }
  }
  const sums = new Map<string, number[]>();
  const add = (k: string, v: number): void => void sums.set(k, [...(sums.get(k) ?? []), v]);
  const lists = test.filter((r) => r.ds === 'mind-recprompt' && r.task.candidates[0]?.id.startsWith('sample400by_ratio.csv'));
  for (const r of lists) {
    const hist = r.task.history.map((h) => cat.get(h.id) ?? ['', '']);
    const share = (i: 0 | 1, id: string): number => {
      const c = cat.get(id)?.[i] ?? '';
      return c ? hist.filter((h) => h[i] === c).length / Math.max(hist.length, 1) : 0;
    };
    // LocalRank's personal score, as scoreItems builds it (typicality is subtracted).
    const cols = NAMES.map((name) => zScores(r.features.map((f) => f[name] as number | null)));
    const lr = zScores(r.features.map((_, i) => NAMES.reduce((s, name, j) => s + (name === 'typicality' ? -1 : 1) * S.weights[name] * cols[j]![i]!, 0)));
    const c = zScores(r.task.candidates.map((x) => share(0, x.id)));
    const sub = zScores(r.task.candidates.map((x) => share(1, x.id)));
    for (const [name, s] of [['localrank', lr], ['category share alone', c], ['localrank + category + subcategory', lr.map((x, i) => x + 0.5 * c[i]! + 0.5 * sub[i]!)]] as const) {
      const ranked = rankedLabels(orderByScore(s.map((x, i) => x - 3 * (r.seen[i] ?? 0))), r.task.labels);
      add(`${name}|auc`, auc(ranked));
      add(`${name}|ndcg@10`, ndcgAt(ranked, 10));
    }
  }
  process.stdout.write(`\nMIND categories, sample400by_ratio.csv test impressions (${lists.length}); no site adapter passes categories today\n`);
  for (const [k, v] of sums) process.stdout.write(`  ${k.replace('|', '  ').padEnd(48)} ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(4)}\n`);
}

dump('valid');
categories(dump('test'));
