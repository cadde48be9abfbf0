/** Token-level helpers of the LLM worker (pure: no model, no tokenizer object). */

/** Length of the common prefix of token sequences. */
export function commonPrefix(seqs: ReadonlyArray<readonly number[]>): number {
  const first = seqs[0];
  if (!first) return 0;
  let n = first.length;
  for (const s of seqs) {
    let i = 0;
    while (i < n && i < s.length && s[i] === first[i]) i++;
    n = i;
  }
  return n;
}

/** log(Σ exp(logits[i])) over `ids`, computed stably. */
export function logSumExp(logits: Float32Array, ids: readonly number[]): number {
  let max = -Infinity;
  for (const id of ids) max = Math.max(max, logits[id] ?? -Infinity);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const id of ids) sum += Math.exp((logits[id] ?? -Infinity) - max);
  return max + Math.log(sum);
}

/** P(yes) against no, from next-token logits: σ(logsumexp(yes) − logsumexp(no)). */
export function yesProbability(logits: Float32Array, yes: readonly number[], no: readonly number[]): number {
  const d = logSumExp(logits, yes) - logSumExp(logits, no);
  if (Number.isNaN(d)) return 0.5;
  return 1 / (1 + Math.exp(-d));
}

/**
 * Greedy choice with a repetition penalty (as in HF `repetition_penalty`: positive logits of
 * tokens already generated are divided by it, negative ones multiplied): small instruct models
 * loop under plain greedy decoding.
 */
export function pickNext(logits: Float32Array, generated: ReadonlySet<number>, penalty: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    let s = logits[i]!;
    if (penalty !== 1 && generated.has(i)) s = s > 0 ? s / penalty : s * penalty;
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  return best;
}

/** Yields to the event loop (a task, not a microtask), so a cancel message can be handled. */
export function yieldTask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((r) => setImmediate(r));
  // setTimeout(0) is clamped to 4 ms when nested; a MessageChannel task is not.
  return new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => (ch.port1.close(), r());
    ch.port2.postMessage(null);
  });
}
