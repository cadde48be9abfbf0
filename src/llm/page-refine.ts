import type { ListRanking, MoveReason } from '../messaging/protocol';
import type { LlmService } from './llm-service';
import { llmReasons } from './refine';

/**
 * The page loop's LLM step (for src/messaging/page-handlers.ts): given a list's final ranking,
 * ask the LLM to refine its top K. Resolves within the LLM budget whatever the model does; null
 * means "nothing to change" (LLM off, absent, over budget, failed, invalid, or no change), so the
 * order already applied stays. Items the LLM moved lead their badge with "raised/lowered by the
 * on-device LLM"; the other reasons stay, in the direction of the move.
 */
export async function refineRanking(llm: LlmService, items: readonly { title: string }[], ranking: ListRanking, signal?: AbortSignal): Promise<ListRanking | null> {
  const r = await llm.refine(items, ranking.order, signal ? { signal } : {});
  if (!r?.changed) return null;
  const moved = llmReasons(ranking.order, r.order);
  const reasons = ranking.reasons.map((rs, i): MoveReason[] => {
    const m = moved.get(i);
    return m ? [m, ...rs.filter((x) => x.direction === m.direction)].slice(0, 2) : rs;
  });
  return { ...ranking, order: r.order, reasons };
}
