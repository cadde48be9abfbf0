import type { LlmService } from '../llm/llm-service';
import { patchSettings } from '../settings/settings';
import type { Handlers } from './router';

type LlmVerbs = 'llm.status' | 'llm.profile' | 'llm.steering' | 'llm.profile.edit' | 'llm.profile.regenerate' | 'llm.steer' | 'llm.load' | 'llm.terminate' | 'llm.generate' | 'llm.refine';

const str = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined);

/** Verbs of the on-device LLM (extension pages only, as every non-`page.` verb). */
export function llmHandlers(llm: LlmService | undefined): Pick<Handlers, LlmVerbs> {
  const need = (): LlmService => {
    if (!llm) throw new Error('No LLM service.');
    return llm;
  };
  return {
    'llm.status': async () => need().status(),
    'llm.profile': async () => need().profileInWords(),
    'llm.steering': async () => need().storedSteering(),
    'llm.profile.edit': async ({ text }) => need().editProfile(str(text, 2000)),
    'llm.profile.regenerate': async () => need().regenerateProfile(),
    'llm.steer': async ({ text }) => {
      const input = str(text, 500);
      await patchSettings({ steering: input });
      return need().parseSteeringWithLlm(input);
    },
    'llm.load': async () => ({ loaded: true, ms: await need().load() }),
    'llm.terminate': async () => (await need().terminate(), { terminated: true }),
    'llm.generate': async ({ system, user, maxTokens, cancelAfterMs }) => {
      const after = int(cancelAfterMs);
      const signal = after !== undefined ? AbortSignal.timeout(Math.max(0, after)) : undefined;
      return need().generate({ system: str(system, 4000), user: str(user, 8000) }, Math.min(1024, Math.max(1, int(maxTokens) ?? 64)), signal);
    },
    'llm.refine': async ({ titles, order, k, budgetMs }) => {
      const items = (Array.isArray(titles) ? titles : []).slice(0, 500).map((t) => ({ title: str(t, 2000) }));
      const fast = Array.isArray(order) ? order.map(Number) : items.map((_, i) => i);
      const refined = await need().refine(items, fast, { ...(int(k) !== undefined ? { k: int(k)! } : {}), ...(int(budgetMs) !== undefined ? { budgetMs: int(budgetMs)! } : {}) });
      return { refined, status: await need().status() };
    },
  };
}
