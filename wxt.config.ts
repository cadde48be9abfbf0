import { defineConfig } from 'wxt';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SiteInfo } from './src/sites/types';

/** Match patterns of every site in the registry (src/sites/*.ts), read at build time. */
async function siteMatches(): Promise<string[]> {
  const dir = resolve(import.meta.dirname, 'src/sites');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'types.ts' && !f.endsWith('.test.ts'));
  const out = new Set<string>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(resolve(dir, file)).href)) as { site?: SiteInfo };
    for (const m of mod.site?.matches ?? []) out.add(m);
  }
  return [...out].sort();
}

/**
 * ORT's bundle names its wasm with `new URL(…, import.meta.url)`, so Vite emits a second 27 MB copy;
 * the runtime loads the copy in /ort/ (wasmPaths), so the emitted one is dropped.
 */
function dropBundledOrtWasm() {
  return {
    name: 'localrank:drop-bundled-ort-wasm',
    generateBundle(_options: unknown, bundle: Record<string, unknown>) {
      for (const key of Object.keys(bundle)) if (/ort-wasm-simd-threaded[\w.-]*\.wasm$/.test(key)) delete bundle[key];
    },
  };
}

/**
 * ORT's glue + wasm pairs, shipped inside the extension: the asyncify pair that transformers.js
 * 4.3.1 loads (needed by WebGPU), and the WASM-only pair the WASM backend runs on (no asyncify
 * instrumentation: faster kernels; src/ml/runtime.ts wasmOnlyPaths).
 */
const ORT_FILES = [
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
];

export default defineConfig({
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      for (const f of ORT_FILES) files.push({ absoluteSrc: resolve(import.meta.dirname, 'node_modules/onnxruntime-web/dist', f), relativeDest: `ort/${f}` });
    },
  },
  vite: () => ({
    worker: { format: 'es', plugins: () => [dropBundledOrtWasm()] },
    plugins: [dropBundledOrtWasm()],
    // LR_NO_MINIFY=1: readable function names in profiles (the loop bench's "where the time went").
    ...(process.env.LR_NO_MINIFY ? { build: { minify: false } } : {}),
  }),
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  imports: false,
  manifestVersion: 3,
  manifest: async ({ browser }) => ({
    name: 'LocalRank',
    description: 'Reorders recommendation lists to follow your own taste, privately, on your device.',
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'activeTab', ...(browser === 'firefox' ? [] : ['offscreen'])],
    // Least privilege: no site is granted at install; the popup asks per site, from the user's click.
    optional_host_permissions: [...(await siteMatches()), '*://*/*'],
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';",
    },
    action: { default_title: 'LocalRank' },
    // Cross-origin isolation for extension pages (offscreen document included): SharedArrayBuffer
    // for WASM threads is then guaranteed, and worker memory can be measured.
    ...(browser === 'firefox'
      ? {}
      : { cross_origin_embedder_policy: { value: 'require-corp' }, cross_origin_opener_policy: { value: 'same-origin' } }),
    // Keyboard access to the popup; like a click on the icon it grants activeTab for the page.
    commands: { _execute_action: { suggested_key: { default: 'Alt+Shift+L' }, description: 'Open LocalRank for this page' } },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'localrank@localrank.dev',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
