/**
 * The bench build (`wxt build -c scripts/bench/wxt.bench.config.ts`): the product's wxt.config.ts,
 * written to `.output/bench/` instead of `.output/`, with the real-shape bench models of
 * `$LOCALRANK_BENCH_REGISTRY` (a JSON array of registry entries) added to models/registry.json
 * wherever a bundle imports it (pages, service worker, model worker). The normal build never sees
 * them: this file is the only place that reads that variable.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { UserConfig } from 'wxt';
import base from '../../wxt.config';

const REGISTRY = resolve(import.meta.dirname, '../../models/registry.json');
const extraPath = process.env.LOCALRANK_BENCH_REGISTRY;
if (!extraPath) throw new Error('LOCALRANK_BENCH_REGISTRY must name a JSON file of bench registry entries');

/** models/registry.json with the bench entries appended (ids must be new). */
function benchRegistry(): string {
  const registry = JSON.parse(readFileSync(REGISTRY, 'utf8')) as { models: { id: string }[] };
  const extra = JSON.parse(readFileSync(extraPath!, 'utf8')) as { id: string }[];
  const clash = extra.find((e) => registry.models.some((m) => m.id === e.id));
  if (clash) throw new Error(`bench registry entry ${clash.id} is already in models/registry.json`);
  return JSON.stringify({ ...registry, models: [...registry.models, ...extra] });
}

/** Serves the merged registry for models/registry.json (before Vite's JSON plugin turns it into a module). */
function injectBenchModels() {
  return {
    name: 'localrank:bench-registry',
    enforce: 'pre' as const,
    load(id: string) {
      return id.split('?')[0] === REGISTRY ? benchRegistry() : undefined;
    },
  };
}

type ViteHook = Extract<UserConfig['vite'], (...args: never[]) => unknown>;
const baseVite = base.vite as ViteHook;

const config: UserConfig = {
  ...base,
  outDir: '.output/bench',
  vite: (env) => {
    const v = baseVite(env) as { worker?: { plugins?: () => unknown[] }; plugins?: unknown[] };
    return {
      ...v,
      worker: { ...v.worker, plugins: () => [...(v.worker?.plugins?.() ?? []), injectBenchModels()] },
      plugins: [...(v.plugins ?? []), injectBenchModels()],
    } as ReturnType<ViteHook>;
  },
};

export default config;
