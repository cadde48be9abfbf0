import { registry } from '../../models/registry';
import type { EmbedOptions, ModelService } from '../ml/model-service';
import type { Embedder } from '../ranking';
import type { EmbedKind } from '../ml/types';

/**
 * An Embedder that can also answer from the vector cache alone and take a priority and a
 * cancellation signal: what progressive ranking needs. Both are optional so that plain
 * embedders (tests, the evaluation) still fit.
 */
export interface ServiceEmbedder extends Embedder {
  /** Vectors already cached (undefined where missing), without running the model. */
  cached?(texts: string[], kind: EmbedKind): Promise<(Float32Array | undefined)[]>;
  /** The same embedder, its requests queued with this priority and cancelled by this signal. */
  withOptions?(opts: EmbedOptions): Embedder;
}

/**
 * The active model as the ranking core's Embedder; null when no model is installed. Its id carries
 * the revision, so a profile built with another model or revision is rebuilt, never mixed.
 */
export async function activeEmbedder(models: ModelService): Promise<ServiceEmbedder | null> {
  const m = await models.activeModel();
  const dims = m?.embedding?.dims;
  if (!m || !dims) return null;
  const id = `${m.id}@${m.revision ?? 'project'}`;
  const withOptions = (opts: EmbedOptions): Embedder => ({
    id,
    dims,
    async embed(texts, kind) {
      const r = await models.embed(texts, kind, opts);
      if (!r.ok) throw new Error(r.reason);
      return r.vectors;
    },
  });
  return {
    ...withOptions({ priority: 0 }),
    withOptions,
    async cached(texts, kind) {
      const r = await models.cachedOnly(texts, kind);
      return r && r.modelId === m.id ? r.vectors : texts.map(() => undefined);
    },
  };
}

/** Registry ids present in an embedder id, for display. */
export function modelIdOf(embedderId: string | null): string | null {
  if (!embedderId) return null;
  const id = embedderId.split('@')[0] ?? '';
  return registry.models.some((m) => m.id === id) ? id : null;
}
