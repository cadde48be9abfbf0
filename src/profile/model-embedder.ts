import { registry } from '../../models/registry';
import type { ModelService } from '../ml/model-service';
import type { Embedder } from '../ranking';

/**
 * The active model as the ranking core's Embedder; null when no model is installed. Its id carries
 * the revision, so a profile built with another model or revision is rebuilt, never mixed.
 */
export async function activeEmbedder(models: ModelService): Promise<Embedder | null> {
  const m = await models.activeModel();
  const dims = m?.embedding?.dims;
  if (!m || !dims) return null;
  return {
    id: `${m.id}@${m.revision ?? 'project'}`,
    dims,
    async embed(texts, kind) {
      const r = await models.embed(texts, kind);
      if (!r.ok) throw new Error(r.reason);
      return r.vectors;
    },
  };
}

/** Registry ids present in an embedder id, for display. */
export function modelIdOf(embedderId: string | null): string | null {
  if (!embedderId) return null;
  const id = embedderId.split('@')[0] ?? '';
  return registry.models.some((m) => m.id === id) ? id : null;
}
