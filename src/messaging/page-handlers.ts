import { browser } from 'wxt/browser';
import { siteIdForUrl } from '../adapters/registry';
import type { LlmService } from '../llm/llm-service';
import { refineRanking } from '../llm/page-refine';
import type { ProfileService, StagedResult } from '../profile/profile-service';
import type { Reason } from '../ranking';
import { currentSettings } from '../settings/settings';
import type { ListRanking, MoveReason, PageReport, RankItem } from './protocol';
import type { Handlers } from './router';

type PageVerbs = 'page.rank' | 'page.cancel' | 'page.report' | 'tab.report' | 'tab.original' | 'sites.health';
const MAX_ITEMS = 5000;
const HEALTH_KEEP = 5;
/** How long a first stage waits for its final stage to be asked for (its items kept meanwhile). */
const PENDING_MS = 60_000;

/** Reasons become short plain text for a badge (length-capped; never HTML). */
function reasonText(r: Reason): MoveReason {
  const t = r.text.length > 80 ? r.text.slice(0, 79) + '…' : r.text;
  const text =
    r.kind === 'similar-to' ? `similar to “${t}”`
    : r.kind === 'interest' ? `matches your interest in “${t}”`
    : r.kind === 'dismissed' ? `like “${t}”, which you dismissed`
    : r.kind === 'terms' ? `words you look for: ${t}`
    : r.kind === 'owned' ? 'you already viewed this'
    : r.kind === 'anchor' ? `${r.direction === 'up' ? 'more' : 'less'} “${t}”`
    : t;
  return { direction: r.direction, text, kind: r.kind };
}

function cleanItems(items: unknown): RankItem[] {
  if (!Array.isArray(items)) throw new Error('items must be a list');
  return items.slice(0, MAX_ITEMS).map((it: Partial<RankItem> | null) => ({
    title: typeof it?.title === 'string' ? it.title.slice(0, 2000) : '',
    ...(typeof it?.itemId === 'string' ? { itemId: it.itemId.slice(0, 256) } : {}),
    ...(typeof it?.url === 'string' ? { url: it.url.slice(0, 4096) } : {}),
  }));
}

const reportKey = (tabId: number) => `report:${tabId}`;

const isReport = (r: unknown): r is PageReport =>
  typeof r === 'object' && r !== null && Array.isArray((r as PageReport).lists) && Array.isArray((r as PageReport).moves) && typeof (r as PageReport).site === 'string';

/** A tab's latest report (for the popup when the page cannot answer) and the site's health entry. */
async function storeReport(tabId: number, report: PageReport): Promise<void> {
  const clean: PageReport = { ...report, moves: report.moves.slice(0, 200), lists: report.lists.slice(0, 50), time: Date.now() };
  await browser.storage.session.set({ [reportKey(tabId)]: clean });
  const health = ((await browser.storage.local.get('health')).health ?? {}) as Record<string, unknown[]>;
  const entry = { time: Date.now(), lists: clean.lists.length, items: clean.lists.reduce((n, l) => n + l.items, 0), recognised: clean.recognised };
  health[clean.site] = [entry, ...(health[clean.site] ?? [])].slice(0, HEALTH_KEEP);
  await browser.storage.local.set({ health });
}

/**
 * Lists of each tab (key: tab id and list id) whose first order was sent and whose final order is
 * still to come: their items (so the final request need not carry them again) and the signal that
 * `page.cancel` fires to drop their queued model work. Forgotten after the final stage, a cancel,
 * or PENDING_MS.
 */
class ListWork {
  private readonly work = new Map<string, Map<number, { items: RankItem[]; controller: AbortController }>>();
  private next = 1;

  start(key: string, items: RankItem[]): { ticket: number; controller: AbortController } {
    const ticket = this.next++;
    const controller = new AbortController();
    const tickets = this.work.get(key) ?? new Map();
    this.work.set(key, tickets.set(ticket, { items, controller }));
    setTimeout(() => this.take(key, ticket), PENDING_MS);
    return { ticket, controller };
  }

  /** The pending first stage of `ticket` (undefined when forgotten, e.g. after a restart). */
  get(key: string, ticket: number): { ticket: number; items: RankItem[]; controller: AbortController } | undefined {
    const entry = this.work.get(key)?.get(ticket);
    return entry && { ticket, ...entry };
  }

  /** Forget `ticket` (its final stage is done). */
  take(key: string, ticket: number): { items: RankItem[]; controller: AbortController } | undefined {
    const tickets = this.work.get(key);
    const entry = tickets?.get(ticket);
    tickets?.delete(ticket);
    if (tickets?.size === 0) this.work.delete(key);
    return entry;
  }

  cancel(key: string): number {
    const tickets = this.work.get(key);
    this.work.delete(key);
    for (const { controller } of tickets?.values() ?? []) controller.abort();
    return tickets?.size ?? 0;
  }
}

/** Verbs of the ranking loop: rank a page's lists, report what moved, show the original order. */
export function pageHandlers(profiles: ProfileService, llm?: LlmService): Pick<Handlers, PageVerbs> {
  const running = new ListWork();
  return {
    'page.rank': async ({ lists, stage }, sender) => {
      const s = await currentSettings();
      const site = siteIdForUrl(new URL(sender.url ?? ''));
      const wantLlm = Boolean(llm && s.llm.enabled && s.llm.refine);
      const out: ListRanking[] = [];
      for (const list of (Array.isArray(lists) ? lists : []).slice(0, 50)) {
        const id = String(list.id).slice(0, 100);
        const key = `${sender.tab?.id ?? -1}:${id}`;
        const settings = { strength: s.strength, diversity: s.diversity, seen: s.seen };
        const t0 = performance.now();
        // The final stage names the first stage's ticket instead of sending the items again; it stays
        // cancellable (page.cancel) until it is done.
        const known = stage === 'final' && Number.isSafeInteger(list.ticket) ? running.get(key, list.ticket!) : undefined;
        const items = known?.items ?? cleanItems(list.items);
        if (stage === 'final' && !known && !items.length) {
          out.push({ id, order: [], method: 'platform', coldStart: false, strength: 0, reasons: [], final: true, expired: true });
          continue;
        }
        const work = stage ? (known ?? running.start(key, items)) : undefined;
        const r: StagedResult = await (stage && work
          ? profiles.rankStage(items, site, settings, stage, { signal: work.controller.signal })
          : profiles.rank(items, site, settings).then((x) => ({ ...x, final: true }))
        ).catch((e: unknown) => {
          if (work) running.take(key, work.ticket);
          throw e;
        });
        // With the LLM's refinement on, even a first order that is final for the encoder is followed
        // by a final stage: the LLM runs there, after the page already shows an order.
        const final = r.final && !(stage === 'first' && wantLlm);
        // A first stage whose answer is not final waits for its final request (or PENDING_MS).
        if (work && (stage === 'final' || final)) running.take(key, work.ticket);
        const ticket = stage === 'first' && !final ? work?.ticket : undefined;
        const reasons: MoveReason[][] = items.map(() => []);
        // A badge gives reasons in the direction the item moved: an item pushed down only because
        // others rose keeps no "up" reason on its down badge.
        for (const e of r.explanations) {
          const dir = e.to < e.from ? 'up' : e.to > e.from ? 'down' : null;
          reasons[e.from] = dir ? e.reasons.filter((x) => x.direction === dir).slice(0, 2).map(reasonText) : [];
        }
        const ranking: ListRanking = { id, order: r.order, method: r.method, coldStart: r.coldStart, strength: r.strength, reasons, final, ...(ticket ? { ticket } : {}) };
        // The LLM refines the final order's top K within its budget; null keeps the order as it is.
        const refined = stage === 'final' && wantLlm && llm ? await refineRanking(llm, items, ranking, work?.controller.signal).catch(() => null) : null;
        out.push({ ...(refined ? { ...refined, llm: true } : ranking), ms: performance.now() - t0 });
      }
      return { lists: out, badges: s.badges };
    },
    'page.cancel': async ({ lists }, sender) => {
      const tab = sender.tab?.id ?? -1;
      const cancelled = (Array.isArray(lists) ? lists : []).slice(0, 50).reduce((n, id) => n + running.cancel(`${tab}:${String(id).slice(0, 100)}`), 0);
      return { cancelled };
    },
    'page.report': async (report, sender) => {
      const tabId = sender.tab?.id;
      if (tabId !== undefined) await storeReport(tabId, report);
      return { ok: true };
    },
    // The page's own runner answers first (current to the moment; its pushed reports are coalesced);
    // the stored report covers a page whose content script cannot answer (e.g. gone).
    'tab.report': async ({ tabId }) => {
      const live = (await browser.tabs.sendMessage(tabId, { lrTab: 1, op: 'report' }, { frameId: 0 }).catch(() => null)) as { report?: PageReport } | null;
      if (live?.report && typeof live.report === 'object' && Array.isArray(live.report.lists)) return live.report;
      return ((await browser.storage.session.get(reportKey(tabId)))[reportKey(tabId)] as PageReport | undefined) ?? null;
    },
    'tab.original': async ({ tabId, original }) => {
      const reply = (await browser.tabs.sendMessage(tabId, { lrTab: 1, op: original ? 'original' : 'ranked' }).catch(() => null)) as { report?: PageReport } | null;
      // The page does not push this report as well (one message less on its main thread): it is
      // kept here as a pushed one would be.
      const report = isReport(reply?.report) ? reply.report : null;
      if (report) await storeReport(tabId, report);
      return { ok: Boolean(report), report };
    },
    'sites.health': async () => ((await browser.storage.local.get('health')).health ?? {}) as never,
  };
}
