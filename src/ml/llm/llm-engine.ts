import { AutoModelForCausalLM, AutoTokenizer, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { filesFor, type ModelDtype, type ModelEntry } from '../../../models/registry';
import { jsonObjectEnd } from '../../llm/json-shape';
import { MlError } from '../errors';
import { verifyModelFiles, type ModelFileSource } from '../integrity';
import { createSerialQueue } from '../serial-queue';
import type { MlDevice } from '../types';
import { disposeKv, forward, type Kv } from './kv';
import type { ChatPrompt, GenerateResult, ScoreResult } from './llm-protocol';
import { PrefixCache } from './prefix-cache';
import { commonPrefix, pickNext, yesProbability, yieldTask } from './tokens';

/** Per-call options of {@link LlmEngine.generate}. */
export interface GenerateOptions {
  readonly maxNewTokens: number;
  /** `json`: stop once a complete JSON object was written (steering). */
  readonly stop?: 'eos' | 'json';
  readonly signal?: AbortSignal;
  /** Called after every new token (tests cancel from here). */
  readonly onToken?: (count: number) => void;
  readonly repetitionPenalty?: number;
}

/** A loaded causal LM: calls run one at a time (one ONNX session). */
export interface LlmEngine {
  readonly id: string;
  readonly dtype: ModelDtype;
  readonly device: MlDevice;
  generate(prompt: ChatPrompt, options: GenerateOptions): Promise<GenerateResult>;
  /** P("Yes") for each user message after the shared system prompt, one forward pass each. */
  score(system: string, users: readonly string[], signal?: AbortSignal): Promise<ScoreResult>;
  /** Bytes held by the prefix KV cache. */
  readonly cacheBytes: number;
  dispose(): Promise<void>;
}

const cancelled = () => new MlError('cancelled', 'cancelled');

/** First token of each spelling of the answer words (the model may put a space or not). */
function answerTokens(tok: PreTrainedTokenizer, words: string[]): number[] {
  return [...new Set(words.map((w) => tok.encode(w, { add_special_tokens: false })[0]).filter((t): t is number => t !== undefined))];
}

/**
 * Loads a registry text-generation model through transformers.js after verifying its files
 * (sha256), from `env.localModelPath` (configureRuntime first). Greedy decoding with a
 * repetition penalty, a hard token limit, cancellation between tokens, and the prompt-prefix
 * KV cache reused across calls.
 */
export async function createLlmEngine(opts: { model: ModelEntry; dtype: ModelDtype; device: MlDevice; source: ModelFileSource | null }): Promise<LlmEngine> {
  const { model: entry, dtype, device } = opts;
  if (entry.task !== 'text-generation') throw new MlError('bad-input', `model ${entry.id} is not a text-generation model`);
  if (opts.source) await verifyModelFiles(entry, filesFor(entry, dtype), opts.source);
  let tok: PreTrainedTokenizer;
  let model: PreTrainedModel;
  try {
    tok = await AutoTokenizer.from_pretrained(entry.id, { local_files_only: true });
    model = await AutoModelForCausalLM.from_pretrained(entry.id, { dtype, device, local_files_only: true });
  } catch (error) {
    throw new MlError('load-failed', `model ${entry.id} (${dtype} on ${device}) failed to load: ${error instanceof Error ? error.message : String(error)}`);
  }
  const config = model.config as unknown as { eos_token_id?: number | number[]; max_position_embeddings?: number };
  const eos = new Set<number>([config.eos_token_id ?? []].flat());
  const imEnd = tok.encode('<|im_end|>', { add_special_tokens: false });
  if (imEnd.length === 1) eos.add(imEnd[0]!);
  const maxPositions = config.max_position_embeddings ?? 2048;
  const yes = answerTokens(tok, ['Yes', ' Yes', 'yes', ' yes']);
  const no = answerTokens(tok, ['No', ' No', 'no', ' no']);
  const prefix = new PrefixCache();
  const queue = createSerialQueue();

  const render = (p: ChatPrompt, withUser = true): number[] => {
    const messages = [{ role: 'system', content: p.system }, ...(withUser ? [{ role: 'user', content: p.user }] : [])];
    const text = tok.apply_chat_template(messages, { tokenize: false, add_generation_prompt: withUser }) as string;
    return tok.encode(withUser ? text + (p.assistantPrefix ?? '') : text, { add_special_tokens: false });
  };

  /** The KV cache for `ids` minus at least its last token: from the prefix cache, else computed. */
  async function prefill(ids: number[], systemIds: number[]): Promise<{ kv: Kv; reused: number; step: Awaited<ReturnType<typeof forward>> }> {
    let hit = prefix.lookup(ids);
    if (!hit && systemIds.length < ids.length && commonPrefix([ids, systemIds]) === systemIds.length) {
      // Cache the system prompt (+ profile): the next call with the same prompt starts after it.
      const s = await forward(model, systemIds, {});
      prefix.store(systemIds, s.kv);
      hit = { length: systemIds.length, kv: s.kv };
      const step = await forward(model, ids.slice(hit.length), hit.kv);
      return { kv: hit.kv, reused: 0, step };
    }
    const step = await forward(model, ids.slice(hit?.length ?? 0), hit?.kv ?? {});
    return { kv: hit?.kv ?? {}, reused: hit?.length ?? 0, step };
  }

  async function generateNow(p: ChatPrompt, o: GenerateOptions): Promise<GenerateResult> {
    const t0 = performance.now();
    if (o.signal?.aborted) throw cancelled();
    const ids = render(p);
    const limit = Math.max(0, Math.min(o.maxNewTokens, maxPositions - ids.length));
    if (limit === 0) throw new MlError('bad-input', `prompt of ${ids.length} tokens leaves no room under ${maxPositions} positions`);
    const { reused, step: first } = await prefill(ids, render(p, false));
    const ttft = performance.now() - t0;
    const out: number[] = [];
    let step = first;
    let stopped: GenerateResult['stopped'] = 'max-tokens';
    const seen = new Set<number>();
    const penalty = o.repetitionPenalty ?? 1.15;
    let previous: Kv = {};
    for (;;) {
      const next = pickNext(step.last, seen, penalty);
      if (eos.has(next)) {
        stopped = 'eos';
        break;
      }
      out.push(next);
      seen.add(next);
      o.onToken?.(out.length);
      if (o.stop === 'json' && jsonObjectEnd((p.assistantPrefix ?? '') + tok.decode(out, { skip_special_tokens: true })) > 0) {
        stopped = 'json';
        break;
      }
      if (out.length >= limit) break;
      await yieldTask(); // lets a cancel message in: WASM inference does not yield on its own
      if (o.signal?.aborted) {
        stopped = 'cancelled';
        break;
      }
      // Every step's cache is a fresh output: the previous one can go (never the prefix cache).
      disposeKv(previous, prefix.tensors());
      previous = step.kv;
      step = await forward(model, [next], step.kv);
    }
    disposeKv(previous, prefix.tensors());
    disposeKv(step.kv, prefix.tensors());
    const ms = performance.now() - t0;
    return {
      text: tok.decode(out, { skip_special_tokens: true }),
      newTokens: out.length,
      promptTokens: ids.length,
      reusedTokens: reused,
      stopped,
      ttftMs: ttft,
      prefillMs: ttft,
      decodeMs: ms - ttft,
    };
  }

  async function scoreNow(system: string, users: readonly string[], signal?: AbortSignal): Promise<ScoreResult> {
    const t0 = performance.now();
    const systemIds = render({ system, user: '' }, false);
    const scores: number[] = [];
    let promptTokens = 0;
    let reusedTokens = 0;
    for (const user of users) {
      if (signal?.aborted) throw cancelled();
      const ids = render({ system, user });
      if (ids.length > maxPositions) throw new MlError('bad-input', `prompt of ${ids.length} tokens is over ${maxPositions} positions`);
      const { reused, step } = await prefill(ids, systemIds);
      disposeKv(step.kv, prefix.tensors());
      scores.push(yesProbability(step.last, yes, no));
      promptTokens += ids.length;
      reusedTokens += reused;
      await yieldTask();
    }
    return { scores, promptTokens, reusedTokens, ms: performance.now() - t0 };
  }

  return {
    id: entry.id,
    dtype,
    device,
    generate: (p, o) => queue.run(() => generateNow(p, o)),
    score: (system, users, signal) => queue.run(() => scoreNow(system, users, signal)),
    get cacheBytes() {
      return prefix.bytes;
    },
    dispose: () =>
      queue.run(async () => {
        prefix.clear();
        await model.dispose();
      }),
  };
}
