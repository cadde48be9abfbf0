import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A copy of a built extension with the project's tiny test models bundled under models/, as
 * scripts/fetch-models.mjs would bundle a real model for a user build. The build itself stays
 * free of test models.
 */
export function buildWithTestModels(buildDir: string, ids: string[] = ['localrank-test/tiny-minilm']): string {
  if (!existsSync(join(buildDir, 'manifest.json'))) throw new Error(`No built extension at ${buildDir}: run \`npm run build\` first.`);
  const out = mkdtempSync(join(tmpdir(), 'lr-ext-'));
  cpSync(buildDir, out, { recursive: true });
  for (const id of ids) cpSync(resolve('test/models', id), join(out, 'models', id), { recursive: true });
  return out;
}
