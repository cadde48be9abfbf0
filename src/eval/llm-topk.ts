/**
 * The LLM top-K refinement as an evaluation method: the full ranker's order, then the top 10
 * re-ordered by a real registry LLM's P("Yes") (src/llm/refine.ts, the extension's merge), with
 * the extension's prompts. It runs only when a real (hub) registry LLM is on this machine; the
 * project's tiny test LM is random and says nothing about quality, so it is never used here.
 * Without one, the method is reported as not available — no numbers are made up.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { filesFor, registry, type ModelEntry } from '../../models/registry';
import { refineSystem, refineUser, DEFAULT_PROMPTS } from '../llm/prompts';
import { mergeTopK } from '../llm/refine';
import { quoteData } from '../llm/untrusted';
import type { LlmEngine } from '../ml/llm/llm-engine';
import { addDocument, emptyCorpus } from '../ranking/bm25';
import { localrankOrder, taskProfile } from './localrank';
import { auc, MeanAccumulator, mrr, ndcgAt, rankedLabels } from './metrics';
import type { Results } from './runner';
import type { EvalDataset } from './task';

export const LLM_METHOD = 'localrank+llm-top10';
const K = 10;

/** A registry LLM whose Node weights are all on disk under `root`, or why there is none. */
export function findRealLlm(root: string): { model: ModelEntry; root: string } | { reason: string } {
  // Hub models only, and never a test entry shaped like one (localrank-test/tiny-lm-hub: random weights).
  const hub = registry.models.filter((m) => m.task === 'text-generation' && m.source === 'hub' && !m.id.startsWith('localrank-test/'));
  for (const model of hub) {
    const files = filesFor(model, model.dtype.node);
    const ok = files.every((f) => existsSync(join(root, model.id, f.path)) && (f.size === null || statSync(join(root, model.id, f.path)).size === f.size));
    if (ok) return { model, root };
  }
  return { reason: `no real registry LLM on this machine (${hub.map((m) => m.id).join(', ')} not under ${root}; npm run models:fetch puts it there)` };
}

/** The history as the refine prompt's profile: the last titles, quoted (no generated profile offline). */
function historyProfile(titles: readonly string[]): string {
  return `recently viewed ${titles.slice(-10).reverse().map((t) => quoteData(t, 80)).join(', ')}`;
}

/** Scores one data set's main-protocol tasks (at most `limit`): the ranker alone and with the LLM, on the same tasks. */
export async function evalLlmTopK(ds: EvalDataset, engine: LlmEngine, opts: { vec: ((t: string) => Float32Array | null) | null; dims: number; limit: number; log: (s: string) => void }): Promise<Results> {
  const corpus = emptyCorpus();
  for (const t of ds.corpusTitles) addDocument(corpus, t);
  const base = new MeanAccumulator();
  const withLlm = new MeanAccumulator();
  const tasks = ds.tasks.filter((t) => t.setting === ds.mainSetting).slice(0, opts.limit);
  const t0 = Date.now();
  for (const [n, task] of tasks.entries()) {
    const order = localrankOrder(task, taskProfile(task, ds.name, opts.vec, {}, opts.dims), ds.name, corpus, opts.vec, {});
    const top = order.slice(0, K);
    const system = refineSystem(historyProfile(task.history.map((h) => h.title)), DEFAULT_PROMPTS);
    const { scores } = await engine.score(system, top.map((i) => refineUser(task.candidates[i]!.title)));
    const refined = mergeTopK(order, new Map(top.map((i, j) => [i, scores[j]!]))).order;
    for (const [acc, o] of [[base, order], [withLlm, refined]] as const) {
      const ranked = rankedLabels(o, task.labels);
      for (const m of ds.metrics) acc.add(m, m === 'auc' ? auc(ranked) : m === 'mrr' ? mrr(ranked) : ndcgAt(ranked, Number(m.split('@')[1])));
    }
    if (n % 20 === 19) opts.log(`${ds.name}: LLM top-${K} ${n + 1}/${tasks.length} tasks, ${((Date.now() - t0) / (n + 1)).toFixed(0)} ms each`);
  }
  return { [`localrank (same ${tasks.length} tasks)`]: base.means(), [LLM_METHOD]: withLlm.means() };
}

/**
 * The method over every data set when a real LLM is present; else `notAvailable` says why.
 * `limit` bounds the tasks per data set (an LLM pass per candidate is slow on a CPU).
 */
export async function llmTopK(datasets: readonly EvalDataset[], opts: { modelRoot: string; vec: ((t: string) => Float32Array | null) | null; dims: number; limit: number; log: (s: string) => void }): Promise<{ results: Record<string, Results>; notAvailable?: string }> {
  const found = findRealLlm(opts.modelRoot);
  if ('reason' in found) return { results: {}, notAvailable: found.reason };
  // Loaded only now: without an LLM the eval never starts transformers.js for it.
  const [{ createLlmEngine }, { nodeFileSource }, { configureRuntime }] = await Promise.all([import('../ml/llm/llm-engine'), import('../ml/node-file-source'), import('../ml/runtime')]);
  configureRuntime({ localModelPath: `${found.root}/`, backend: 'node' });
  const engine = await createLlmEngine({ model: found.model, dtype: found.model.dtype.node, device: 'cpu', source: nodeFileSource(found.root) });
  try {
    const results: Record<string, Results> = {};
    for (const ds of datasets) results[ds.name] = await evalLlmTopK(ds, engine, opts);
    return { results };
  } finally {
    await engine.dispose();
  }
}
