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

export default defineConfig({
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
