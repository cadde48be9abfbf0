import type { SteeringAnchor } from '../ranking/steering';
import { toMlError } from '../ml/errors';
import type { LlmHostStatus } from '../ml/llm/llm-host';
import type { ChatPrompt, GenerateResult } from '../ml/llm/llm-protocol';
import { combinedAnchors } from './anchors';
import { chooseLlm, type LlmDeps } from './llm-context';
import { EMPTY_PROFILE, type LlmSteering, type ProfileWords } from './llm-state';
import { regenerationDue } from './history-digest';
import { historyBasis, PROFILE_MAX, writeProfile } from './profile-writer';
import { refineSystem, refineUser } from './prompts';
import { refineTopK, type Refined } from './refine';
import { parsedSteering, steerWithLlm } from './steering-llm';
import { cleanModelText } from './untrusted';

/** What the popup and options page show about the LLM. */
export interface LlmStatus {
  enabled: boolean;
  modelId: string;
  state: 'off' | 'absent' | 'idle' | 'running' | 'failed';
  /** One sentence for the user. */
  note: string;
  /** What the LLM is doing now, if anything. */
  busy?: 'profile' | 'steering' | 'refine';
  host?: LlmHostStatus;
  lastRefine?: { note: string; changed: boolean; time: number };
}

/** Options of one refinement (defaults: the settings' K and budget). */
export interface RefineOptions {
  k?: number;
  budgetMs?: number;
  signal?: AbortSignal;
}

/**
 * The background's LLM service: the interest profile in words, steering structured by the LLM,
 * and the top-K refinement of a ranked list. It never starts the model unless the user enabled
 * it and it is installed, never holds a caller past its budget, and treats every output as
 * untrusted text. Failures become notes for the popup, never exceptions on a page's path.
 */
export class LlmService {
  private busy: LlmStatus['busy'] | undefined;
  private failure: string | undefined;
  private lastRefine: LlmStatus['lastRefine'];
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: LlmDeps) {}

  async status(): Promise<LlmStatus> {
    const c = await chooseLlm(this.deps);
    const base = { enabled: c.ok || c.state !== 'off', modelId: c.modelId, ...(this.busy ? { busy: this.busy } : {}), ...(this.lastRefine ? { lastRefine: this.lastRefine } : {}) };
    if (!c.ok) return { ...base, state: c.state, note: c.note };
    const host = await this.deps.connection().status().catch(() => undefined);
    const where = host?.backend ? ` on ${host.backend === 'webgpu' ? 'WebGPU' : `WASM (${host.threads ?? 1} thread${host.threads === 1 ? '' : 's'}, slow)`}` : '';
    if (this.failure) return { ...base, state: 'failed', note: this.failure, ...(host ? { host } : {}) };
    return host?.running
      ? { ...base, state: 'running', note: `LLM ${c.modelId} running${where}.`, host }
      : { ...base, state: 'idle', note: `LLM ${c.modelId} ready: it starts when first needed.`, ...(host ? { host } : {}) };
  }

  /**
   * Scores the top K of `order` (P("Yes") per item, pointwise, titles quoted as data) and returns
   * the refined order, or null — the fast order stays — when the LLM is off, absent, over budget,
   * failed or gave invalid scores. Resolves within `budgetMs` whatever the model does.
   */
  async refine(items: readonly { title: string }[], order: readonly number[], opts: RefineOptions = {}): Promise<Refined | null> {
    const t0 = this.deps.clock.now();
    const c = await chooseLlm(this.deps);
    if (!c.ok || !c.llm.refine) return null;
    if (!isPermutation(order, items.length)) return null;
    const system = refineSystem((await this.deps.state.get()).profile.text, c.llm.prompts);
    this.busy = 'refine';
    const outcome = await refineTopK({
      order, k: Math.min(20, opts.k ?? c.llm.k), budgetMs: opts.budgetMs ?? c.llm.budgetMs, spentMs: this.deps.clock.now() - t0, clock: this.deps.clock, random: this.deps.random,
      ...(opts.signal ? { signal: opts.signal } : {}),
      score: async (indices, signal) => (await this.deps.connection().score(c.modelId, system, indices.map((i) => refineUser(items[i]!.title)), c.prefs, signal)).scores,
    }).finally(() => (this.busy = undefined));
    const note = outcome.kind === 'refined' ? outcome.refined.note : outcome.note;
    this.lastRefine = { note, changed: outcome.kind === 'refined' && outcome.refined.changed, time: this.deps.now() };
    if (outcome.kind === 'kept' && outcome.reason === 'failed') this.failure = note;
    else if (outcome.kind === 'refined') this.failure = undefined;
    return outcome.kind === 'refined' ? outcome.refined : null;
  }

  /** The profile in words as stored (generated or edited), with the last attempt's note. */
  async profileInWords(): Promise<ProfileWords> {
    return (await this.deps.state.get()).profile;
  }

  /** Writes the profile from history now (the user asked). Throws when the LLM cannot run. */
  async regenerateProfile(): Promise<ProfileWords> {
    const c = await chooseLlm(this.deps);
    if (!c.ok) throw new Error(c.note);
    this.busy = 'profile';
    try {
      const state = await this.deps.state.get();
      const next = await writeProfile(this.deps, c.modelId, c.llm, state.profile);
      await this.deps.state.set({ ...(await this.deps.state.get()), profile: next });
      if (next.text !== state.profile.text) await this.deps.onAnchorsChanged();
      return next;
    } finally {
      this.busy = undefined;
    }
  }

  /** The user's own text replaces the profile (empty clears it); it steers the ranker from now on. */
  async editProfile(text: string): Promise<ProfileWords> {
    const clean = cleanModelText(typeof text === 'string' ? text : '', PROFILE_MAX);
    const basis = await historyBasis(this.deps);
    const profile: ProfileWords = clean ? { text: clean, source: 'user', basis: { events: basis.events, newest: basis.newest, time: basis.time } } : EMPTY_PROFILE;
    await this.deps.state.set({ ...(await this.deps.state.get()), profile });
    await this.deps.onAnchorsChanged();
    return profile;
  }

  /**
   * Steering words as anchors: structured by the LLM when it runs (validated JSON), else — or when
   * its answer is invalid — by the plain-word parser. The result is kept for the ranker.
   */
  async parseSteeringWithLlm(text: string): Promise<LlmSteering> {
    const input = String(text ?? '').slice(0, 500);
    const c = await chooseLlm(this.deps);
    this.busy = c.ok ? 'steering' : undefined;
    const result = await (c.ok ? steerWithLlm(this.deps, c.modelId, c.llm, input) : Promise.resolve(parsedSteering(input, 'Read as typed (the LLM is not in use).'))).finally(() => (this.busy = undefined));
    await this.deps.state.set({ ...(await this.deps.state.get()), steering: result });
    await this.deps.onAnchorsChanged();
    return result;
  }

  /** The steering as last structured, or null. */
  async storedSteering(): Promise<LlmSteering | null> {
    return (await this.deps.state.get()).steering ?? null;
  }

  /** The ranker's anchors: steering (LLM-structured for this text, else parsed) + the profile in words. */
  async anchors(): Promise<SteeringAnchor[]> {
    const [s, state] = await Promise.all([this.deps.settings(), this.deps.state.get()]);
    return combinedAnchors(s.steering, state.steering, state.profile);
  }

  /** History may have changed: check, once things are quiet, whether a new profile is due. */
  historyChanged(idleMs = 30_000): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.checkProfileDue().catch(() => undefined), idleMs);
  }

  /** Regenerates the profile when history changed enough; a profile the user edited is left alone. */
  async checkProfileDue(): Promise<boolean> {
    const c = await chooseLlm(this.deps);
    if (!c.ok || this.busy) return false;
    const { profile } = await this.deps.state.get();
    if (profile.source === 'user') return false;
    const h = await historyBasis(this.deps);
    if (!regenerationDue(profile.basis, { total: h.events, newSince: h.newSince(profile.basis?.newest ?? 0) }, this.deps.now())) return false;
    await this.regenerateProfile();
    return true;
  }

  /** Stops the LLM worker (switching the LLM off, or a memory request): its memory goes back. */
  async terminate(): Promise<void> {
    this.failure = undefined;
    await this.deps.connection().terminate();
  }

  /** Loads the model now, so the first refinement does not spend its budget loading. */
  async load(): Promise<number> {
    const c = await chooseLlm(this.deps);
    if (!c.ok) throw new Error(c.note);
    const t0 = this.deps.clock.now();
    await this.deps.connection().load(c.modelId, c.prefs).catch((e: unknown) => this.fail(e));
    this.failure = undefined;
    return this.deps.clock.now() - t0;
  }

  /** One generation with the settings' model (tests, bench): the output is untrusted and cleaned. */
  async generate(prompt: ChatPrompt, maxTokens: number, signal?: AbortSignal): Promise<GenerateResult> {
    const c = await chooseLlm(this.deps);
    if (!c.ok) throw new Error(c.note);
    const r = await this.deps.connection().generate(c.modelId, prompt, maxTokens, 'eos', c.prefs, signal).catch((e: unknown) => this.fail(e));
    return { ...r, text: cleanModelText(r.text, 4000) };
  }

  /** Records a failure of a user-started call for the status line, and rethrows it. */
  private fail(e: unknown): never {
    this.failure = toMlError(e).message;
    throw e;
  }
}

function isPermutation(order: readonly number[], n: number): boolean {
  if (order.length !== n) return false;
  const seen = new Set<number>();
  for (const i of order) if (!Number.isInteger(i) || i < 0 || i >= n || seen.has(i)) return false; else seen.add(i);
  return true;
}
