/**
 * Offline evaluation of the ranking core on real data (see ../shared/data/SOURCES.md).
 *
 *   npm run -s eval -- [--data DIR] [--json [FILE]] [--split test|valid] [--only amazon-games,…] [--settings random,…] [--limit N]
 *                      [--variants localrank,…] [--no-encoder] [--help]
 *
 * Weights were tuned with `--split valid` (amazon-games valid.inter targets, mind sampled_100.csv,
 * movielens second-to-last rating) and are reported with the default `--split test`.
 * `--split valid --tune` runs that search (src/eval/tune.ts). Progress goes to stderr; with --json stdout holds exactly one JSON object.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVAL_HELP, parseEvalArgs } from '../src/eval/cli';
import { readAmazon } from '../src/eval/datasets/amazon';
import { LLM_METHOD, llmTopK } from '../src/eval/llm-topk';
import { readMind } from '../src/eval/datasets/mind';
import { readMovielens } from '../src/eval/datasets/movielens';
import { formatTable } from '../src/eval/report';
import { runDataset } from '../src/eval/runner';
import type { Results } from '../src/eval/runner';
import type { EvalDataset } from '../src/eval/task';
import { USE_LITE_DIMS, USE_LITE_ID } from '../src/eval/use-lite';
import { fillCache } from '../src/eval/use-lite-pool';
import { VectorCache } from '../src/eval/vector-cache';
import { VARIANTS } from '../src/eval/variants';
import { tune } from '../src/eval/tune';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const opts = parseEvalArgs(process.argv.slice(2), root);
const log = (s: string): void => void process.stderr.write(`${s}\n`);
const t0 = Date.now();
if (opts.help) {
  process.stdout.write(`${EVAL_HELP}\n`);
  process.exit(0);
}

const readers: Record<string, (dir: string) => EvalDataset> = {
  'amazon-games': (d) => readAmazon(d, opts.split),
  'mind-recprompt': (d) => readMind(d, opts.split),
  'movielens-100k': (d) => readMovielens(d, opts.split),
};
const datasets: EvalDataset[] = [];
for (const [name, read] of Object.entries(readers)) {
  const dir = join(opts.data, name);
  if ((opts.only.length && !opts.only.includes(name)) || !existsSync(dir)) continue;
  const ds = read(dir);
  if (opts.settings.length) ds.tasks = ds.tasks.filter((t) => opts.settings.includes(t.setting));
  if (opts.limit > 0) ds.tasks = ds.tasks.filter((t) => t.setting === ds.mainSetting).slice(0, opts.limit);
  datasets.push(ds);
  log(`${name}: ${ds.tasks.length} tasks (${ds.note})`);
}

let cache: VectorCache | null = null;
if (opts.encoder && existsSync(join(opts.modelDir, 'model.json'))) {
  cache = new VectorCache(join(opts.cacheDir, USE_LITE_ID), USE_LITE_DIMS);
  const texts = datasets.flatMap((ds) => ds.tasks.flatMap((t) => [...t.history, ...t.candidates].map((x) => x.title)));
  await fillCache(cache, texts, opts.modelDir, log);
} else log('encoder: not available, lexical methods only');

const vec = cache ? (t: string): Float32Array | null => (cache as VectorCache).get(t) : null;
if (opts.tune) {
  if (opts.split !== 'valid' || !vec) throw new Error('--tune needs --split valid and the encoder');
  // Main protocol plus the hard owned-removed lists, at most 2,000 users each to keep the search quick.
  const pick = (ds: EvalDataset, s: string): EvalDataset['tasks'] => ds.tasks.filter((t) => t.setting === s).slice(0, 2000);
  const sets = datasets.map((ds) => ({ ...ds, tasks: [...pick(ds, ds.mainSetting), ...(ds.name === 'amazon-games' ? pick(ds, 'sasrec-unowned') : [])] }));
  log(JSON.stringify(tune(sets, vec, log)));
  process.exit(0);
}
const all: Record<string, Results> = {};
for (const ds of datasets) {
  const t = Date.now();
  all[ds.name] = runDataset(ds, { vec, encoderName: USE_LITE_ID, dims: USE_LITE_DIMS, variants: opts.variants.length ? VARIANTS.filter((v) => opts.variants.includes(v.name)) : VARIANTS, randomSeeds: 5, log });
  log(`${ds.name}: scored in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
// The LLM top-K refinement runs only with a real registry LLM on this machine (src/eval/llm-topk.ts).
const llm = await llmTopK(datasets, { modelRoot: join(root, 'public/models'), vec, dims: USE_LITE_DIMS, limit: opts.limit > 0 ? opts.limit : 200, log });
for (const [name, r] of Object.entries(llm.results)) Object.assign(all[name] ?? {}, r);
const unavailable = llm.notAvailable ? `${LLM_METHOD} (LLM top-K refinement): not available — ${llm.notAvailable}` : '';
if (unavailable) log(unavailable);
const json = llm.notAvailable ? { ...all, notAvailable: { [LLM_METHOD]: llm.notAvailable } } : all;
const wall = `eval finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
if (opts.jsonFile) writeFileSync(opts.jsonFile, `${JSON.stringify(json)}\n`);
if (opts.json) process.stdout.write(`${JSON.stringify(json)}\n`);
else {
  process.stdout.write(`${formatTable(all)}\n${unavailable ? `\n${unavailable}\n` : ''}\nsplit: ${opts.split}; ${datasets.map((d) => `${d.name}: ${d.note}`).join('; ')}\n${wall}\n`);
}
log(wall);
