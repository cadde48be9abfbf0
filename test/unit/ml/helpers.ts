import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getModel, type ModelEntry } from '../../../models/registry';

/** test/models: the committed tiny models (+ tokenizers copied by scripts/setup-models.mjs). */
export const MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models');
export const TINY_ENCODER = 'localrank-test/tiny-minilm';
export const TINY_LM = 'localrank-test/tiny-lm';

/** The tiny encoder's registry entry with other prefixes (to test e5-style prefixing). */
export function withPrefixes(query: string, passage: string): ModelEntry {
  const entry = getModel(TINY_ENCODER);
  return { ...entry, embedding: { ...entry.embedding!, prefixes: { query, passage } } };
}

/** A private copy of test/models to damage. */
export async function copyOfModels(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'localrank-models-'));
  await cp(MODELS_DIR, dir, { recursive: true });
  return dir;
}

export function norm(vector: Float32Array): number {
  return Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (norm(a) * norm(b));
}
