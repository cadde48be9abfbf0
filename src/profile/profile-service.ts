import type { HistoryEvent } from '../history/types';
import type { HistoryStore } from '../history/store';
import { buildProfile, createProfile, rankItems, rankWithEmbedder, setAnchors, updateProfileWith } from '../ranking';
import { platformResult } from '../ranking/rank';
import type { SteeringAnchor } from '../ranking/steering';
import type { PageItem, Profile, RankResult, RankSettings } from '../ranking';
import type { ServiceEmbedder } from './model-embedder';

/**
 * Progressive ranking: `first` answers at once with what needs no new model work (cached vectors,
 * or words alone) and starts embedding what is missing; `final` waits for the vectors.
 */
export type RankStage = 'first' | 'final';

/**
 * Items at the top of the first order that are embedded before the rest: where a list is on
 * screen, the top is what the user sees (about two rows of cards or a column's first screen).
 */
const FIRST_SCREEN = 12;

export interface StageOptions {
  /** Fires when the list left the page: its queued texts are dropped. */
  signal?: AbortSignal;
}

/** A ranking, and whether a better one will follow (`final: false`: ask again with `final`). */
export type StagedResult = RankResult & { final: boolean };

const PROFILE_KEY = 'profile';
/** Warm-up: a page-sized list of the user's recent titles, ranked a few times (≈ 10–20 ms once per start). */
const WARM_ITEMS = 50;
const WARM_RUNS = 3;

/**
 * The user's profile in the background: loaded once, folded forward on every recorded event
 * (never rebuilt by scanning history per request), persisted in the `meta` store, and rebuilt
 * from history only when history is edited (delete, clear, import) or the model changes.
 * All changes go through one queue, so events are folded in order.
 */
export class ProfileService {
  private profile: Promise<Profile> | undefined;
  private settled: Profile | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Whether any list was ranked since this background started (see warmUp). */
  private asked = false;

  constructor(
    private readonly store: HistoryStore,
    private readonly embedder: () => Promise<ServiceEmbedder | null>,
    /** The user's steering, as anchors; kept on the profile across rebuilds. */
    private readonly steering: () => Promise<SteeringAnchor[]> = async () => [],
  ) {}

  /** The profile being loaded or built, and the last one that was ready (for answers that cannot wait). */
  private set(p: Promise<Profile>): Promise<Profile> {
    this.profile = p;
    p.then((ready) => (this.settled = ready), () => undefined);
    return p;
  }

  /** The profile saved last, whatever model built it (null when none): read, never rebuilt. */
  private async saved(): Promise<Profile | null> {
    const db = await this.store.open();
    const p = (await db.get('meta', PROFILE_KEY)) as Profile | undefined;
    return p?.version === 1 ? p : null;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The profile for `emb`, loading or rebuilding it (call only inside the queue). */
  private async ensure(emb: ServiceEmbedder | null): Promise<Profile> {
    if (!this.profile) this.set(this.load(emb));
    let p = await this.profile!;
    if ((emb?.id ?? null) !== p.embedderId) {
      p = await this.set(this.buildFromHistory(emb));
    }
    const want = await this.steering().catch(() => []);
    const key = (a: { text: string; sign: number }[]) => a.map((x) => `${x.sign}:${x.text}`).join('|');
    if (key(p.anchors) !== key(want)) {
      p = await setAnchors(p, want, emb);
      this.set(Promise.resolve(p));
      await this.save(p);
    }
    return p;
  }

  /** The current profile, after pending updates; rebuilt first when the model changed. */
  current(): Promise<Profile> {
    return this.serial(async () => this.ensure(await this.embedder().catch(() => null)));
  }

  private async load(emb: ServiceEmbedder | null): Promise<Profile> {
    const db = await this.store.open();
    const saved = (await db.get('meta', PROFILE_KEY)) as Profile | undefined;
    if (saved && saved.version === 1 && saved.embedderId === (emb?.id ?? null)) return saved;
    return this.buildFromHistory(emb);
  }

  private async buildFromHistory(emb: ServiceEmbedder | null): Promise<Profile> {
    const events = await this.store.list({ limit: 100_000 });
    // A rebuild embeds all of history: behind the page's own lists in the model's queue.
    emb = emb?.withOptions ? { ...emb, ...emb.withOptions({ priority: 2 }) } : emb;
    const p = events.length ? await buildProfile(events, emb) : createProfile(emb);
    await this.save(p);
    return p;
  }

  private async save(p: Profile): Promise<void> {
    const db = await this.store.open();
    await db.put('meta', p, PROFILE_KEY);
  }

  /** Fold newly stored events into the profile (incremental). */
  onEvents(events: HistoryEvent[]): Promise<void> {
    return this.serial(async () => {
      const emb = await this.embedder().catch(() => null);
      const next = await updateProfileWith(await this.ensure(emb), events, emb);
      this.set(Promise.resolve(next));
      await this.save(next);
    });
  }

  /** Rebuild from all of history (after deletes, clears, imports, or a model change). */
  rebuild(): Promise<Profile> {
    return this.serial(async () => {
      const next = this.buildFromHistory(await this.embedder().catch(() => null));
      return this.set(next);
    });
  }

  /**
   * Make the first list after the background (re)starts as fast as later ones: load the profile,
   * find the model, and rank a few of the user's own recent titles once, so that the ranking
   * code is compiled before a page asks (a service worker is stopped after 30 s idle, and its first
   * rank of 50 items took 17–27 ms of mostly first-call compilation; later ones 2–4 ms). The page
   * that woke the background usually lists its items later. Never throws.
   */
  async warmUp(now = Date.now()): Promise<void> {
    const p = await this.current().catch(() => null);
    // A page already asked: its own ranking compiles the code, and this would only delay it.
    if (!p || p.recent.length < 3 || this.asked) return;
    const recent = p.recent.slice(-WARM_ITEMS);
    const items = recent.map((m) => ({ title: m.title }));
    for (let i = 0; i < WARM_RUNS && !this.asked; i++) {
      rankItems({ items, profile: p, now, vectors: null });
      if (recent.some((m) => m.vec)) rankItems({ items, profile: p, now, vectors: recent.map((m) => m.vec) });
      await new Promise((r) => setTimeout(r, 0)); // a page's request goes first
    }
  }

  /**
   * Rank one list; never throws (the core falls back to lexical, then to the platform order).
   * While a rebuild for a new model runs, the previous profile ranks (lexically, as the core
   * refuses to mix encoders) rather than making the page wait.
   */
  async rank(items: PageItem[], site: string, settings: Partial<RankSettings>, now = Date.now()): Promise<RankResult> {
    this.asked = true;
    const emb = await this.embedder().catch(() => null);
    const p = this.profile ? await this.profile : await this.current();
    if ((emb?.id ?? null) !== p.embedderId) void this.current();
    return rankWithEmbedder({ items, profile: p, site, now, settings }, emb);
  }

  /**
   * One stage of progressive ranking; never throws. `first` ranks with the vectors already cached
   * when every item has one (final at once), else with words alone while the missing vectors are
   * queued (the top of that first order first: what the user sees); `final` waits for them. Without a matching model there is only
   * one stage.
   */
  async rankStage(items: PageItem[], site: string, settings: Partial<RankSettings>, stage: RankStage, opts: StageOptions = {}, now = Date.now()): Promise<StagedResult> {
    this.asked = true;
    const emb = await this.embedder().catch(() => null);
    const input = (profile: Profile) => ({ items, profile, site, now, settings });
    const signal = opts.signal ? { signal: opts.signal } : {};
    if (stage === 'final') {
      const p = await this.current();
      const e = emb?.withOptions ? { ...emb.withOptions({ priority: 1, ...signal }), id: emb.id } : emb;
      return { ...(await rankWithEmbedder(input(p), e)), final: true };
    }
    // The first stage never waits for a profile being built (e.g. for a new model): the last one
    // that was ready, or the one saved, ranks with words meanwhile; with none yet, the page's order
    // stays until the final stage.
    void this.current().catch(() => undefined);
    const p = this.settled ?? (await this.saved().catch(() => null));
    if (!p) return { ...platformResult(items.length, true), final: false };
    if (!emb || emb.id !== p.embedderId) return { ...rankItems({ ...input(p), vectors: null }), final: !emb };
    if (!p.recent.some((m) => m.vec)) return { ...rankItems({ ...input(p), vectors: null }), final: true };
    const titles = items.map((it) => (typeof it?.title === 'string' ? it.title : ''));
    const cached = emb.cached ? await emb.cached(titles, 'passage').catch(() => null) : null;
    if (cached?.every(Boolean)) return { ...rankItems({ ...input(p), vectors: cached }), final: true };
    const first = rankItems({ ...input(p), vectors: null });
    const top = new Set(first.order.slice(0, FIRST_SCREEN));
    const prefetch = (priority: number, keep: (i: number) => boolean) => {
      const texts = titles.filter((_, i) => keep(i) && !cached?.[i]);
      const e = emb.withOptions?.({ priority, ...signal });
      if (texts.length && e) void e.embed(texts, 'passage').catch(() => undefined);
    };
    prefetch(0, (i) => top.has(i));
    prefetch(1, (i) => !top.has(i));
    return { ...first, final: false };
  }
}
