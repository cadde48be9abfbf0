/**
 * One forward pass of a causal LM with an explicit KV cache, for the LLM worker's own decode loop
 * and scorer. transformers.js `generate()` mutates the cache it is given (and on WebGPU disposes
 * the GPU tensors it replaces), which would destroy a prefix cache shared between calls; here the
 * caller decides which tensors live and which are freed.
 */
import { DynamicCache, Tensor, ones, type PreTrainedModel } from '@huggingface/transformers';

/** Cache tensors by input name (`past_key_values.N.key` / `.value`); empty = no past. */
export type Kv = Record<string, Tensor>;

/** What one forward pass gives back: logits of the last position (float32) and the new cache. */
export interface Step {
  readonly last: Float32Array;
  readonly kv: Kv;
}

/** Past length of a cache (its sequence axis), 0 for an empty one. */
export function kvLength(kv: Kv): number {
  for (const t of Object.values(kv)) return t.dims.at(-2) ?? 0;
  return 0;
}

/** Bytes a cache holds (for the memory line in the options page). */
export function kvBytes(kv: Kv): number {
  let n = 0;
  for (const t of Object.values(kv)) n += t.size * (t.type === 'float16' ? 2 : 4);
  return n;
}

/** Frees a cache's GPU tensors except those in `keep` (CPU tensors are left to the GC). */
export function disposeKv(kv: Kv, keep: ReadonlySet<Tensor> = new Set()): void {
  for (const t of Object.values(kv)) if (t.location === 'gpu-buffer' && !keep.has(t)) t.dispose();
}

/**
 * Runs `ids` (the tokens after the cached ones) through the model with `past`. `past` is only
 * read: the returned cache holds new tensors for the whole sequence.
 */
export async function forward(model: PreTrainedModel, ids: readonly number[], past: Kv): Promise<Step> {
  const total = kvLength(past) + ids.length;
  const input_ids = new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]);
  const inputs: Record<string, unknown> = { input_ids, attention_mask: ones([1, total]) };
  // An empty cache makes transformers.js build zero-length past tensors from the session's inputs.
  if (Object.keys(past).length) inputs.past_key_values = new DynamicCache({ ...past });
  // Only the last position's logits are used: models that accept it skip the others (saves a
  // vocabulary-sized row per prompt token); models without the input ignore it.
  inputs.num_logits_to_keep = new Tensor('int64', [1n], []);
  const out = (await model.forward(inputs)) as Record<string, Tensor>;
  const kv: Kv = {};
  for (const [name, t] of Object.entries(out)) if (name.startsWith('present')) kv[name.replace('present', 'past_key_values')] = t;
  const logits = out.logits;
  if (!logits) throw new Error('the model returned no logits');
  const vocab = logits.dims.at(-1)!;
  const rows = logits.dims.at(-2)!;
  const last = logits.slice(null, [rows - 1, rows], null).to('float32').data as Float32Array;
  if (last.length !== vocab) throw new Error(`unexpected logits shape ${logits.dims.join('x')}`);
  return { last, kv };
}
