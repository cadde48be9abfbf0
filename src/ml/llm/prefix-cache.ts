import type { Tensor } from '@huggingface/transformers';
import { disposeKv, kvBytes, type Kv } from './kv';

/**
 * The KV cache of one prompt prefix (system prompt + profile), kept between calls: scoring ten
 * items or writing a second answer then runs only the tokens after it. One entry is enough —
 * the prefix changes only when the profile or a prompt setting does — and bounds memory.
 */
export class PrefixCache {
  private ids: readonly number[] = [];
  private kv: Kv = {};

  /** The cache if `prompt` starts with the cached tokens and goes beyond them, else null. */
  lookup(prompt: readonly number[]): { length: number; kv: Kv } | null {
    const n = this.ids.length;
    if (!n || prompt.length <= n) return null;
    for (let i = 0; i < n; i++) if (prompt[i] !== this.ids[i]) return null;
    return { length: n, kv: this.kv };
  }

  /** Keeps `kv` as the cache of `ids`, freeing the previous one. */
  store(ids: readonly number[], kv: Kv): void {
    this.clear();
    this.ids = [...ids];
    this.kv = kv;
  }

  /** Tensors that must survive a call that reads the cache. */
  tensors(): ReadonlySet<Tensor> {
    return new Set(Object.values(this.kv));
  }

  get bytes(): number {
    return kvBytes(this.kv);
  }

  clear(): void {
    disposeKv(this.kv);
    this.ids = [];
    this.kv = {};
  }
}
