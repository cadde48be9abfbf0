/** Which models the bench runs: the project's tiny encoder, and registry encoders a user fetched. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { registry } from '../../models/registry';
import type { ModelEntry } from '../../models/registry';

/** A model to bench, and where Node finds its files. */
export interface BenchModel {
  readonly entry: ModelEntry;
  /** Root holding `<id>/…` for onnxruntime-node (ends with a slash). */
  readonly nodeRoot: string;
  /** True for the test model, which the bench bundles into a copy of the build. */
  readonly testModel: boolean;
}

/** The tiny test encoder (test/models), plus every registry sentence encoder under public/models. */
export function benchModels(): BenchModel[] {
  const out: BenchModel[] = [];
  for (const entry of registry.models) {
    if (entry.task !== 'feature-extraction') continue;
    const testDir = resolve('test/models', entry.id);
    const publicDir = resolve('public/models', entry.id);
    if (entry.source === 'project' && existsSync(resolve(testDir, 'config.json'))) {
      out.push({ entry, nodeRoot: resolve('test/models') + '/', testModel: true });
    } else if (existsSync(resolve(publicDir, 'config.json'))) {
      out.push({ entry, nodeRoot: resolve('public/models') + '/', testModel: false });
    }
  }
  return out;
}
