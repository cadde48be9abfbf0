/**
 * A model-free `Embedder`: hashed word / CJK-bigram features with sublinear counts. Lets the
 * vector path (interests, MMR, explanations by history item) run before any model is loaded,
 * on any script.
 */
import { tokenize } from './tokenize';
import type { Embedder, EmbedKind } from './types';
import { unitOrNull } from './vector';

/** FNV-1a, 32 bit: fast, stable across runs and platforms. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class LexicalEmbedder implements Embedder {
  readonly id: string;
  constructor(readonly dims = 256) {
    this.id = `lexical-hash-${dims}`;
  }

  /** One vector per text; texts without words give a zero vector (callers treat it as missing). */
  embed(texts: string[], _kind: EmbedKind): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.embedOne(t)));
  }

  private embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dims);
    const counts = new Map<string, number>();
    for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, c] of counts) {
      const h = hash(t);
      // A sign bit from the hash keeps collisions from always adding up.
      v[h % this.dims] = (v[h % this.dims] ?? 0) + (h & 0x80000000 ? -1 : 1) * (1 + Math.log(c));
    }
    return unitOrNull(v) ?? v;
  }
}
