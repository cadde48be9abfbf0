// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ModelClient, type WorkerLike } from '../../../src/ml/client';
import { createWorkerHandler } from '../../../src/ml/worker';
import type { WorkerResponse } from '../../../src/ml/protocol';
import { nodeFileSource } from '../../../src/ml/node-file-source';
import type { RuntimeConfig } from '../../../src/ml/runtime';
import { inProcessWorker, silentWorker } from './fake-worker';
import { MODELS_DIR, TINY_ENCODER, norm } from './helpers';

const config: RuntimeConfig = { localModelPath: `${MODELS_DIR}/`, backend: 'node' };
const deps = { sourceFor: () => nodeFileSource(MODELS_DIR) };

describe('ModelClient ↔ worker body', () => {
  it('loads, embeds, pings and unloads over the protocol', async () => {
    const client = new ModelClient({ createWorker: () => inProcessWorker(deps), config });
    const loaded = await client.load(TINY_ENCODER);
    expect(loaded).toMatchObject({ kind: 'load', modelId: TINY_ENCODER, dims: 16, dtype: 'fp32', device: 'cpu' });
    const vectors = await client.embed(TINY_ENCODER, ['hello', '', '\uD800'], 'query');
    expect(vectors.map((v) => v.length)).toEqual([16, 16, 16]);
    expect(norm(vectors[0]!)).toBeCloseTo(1, 5);
    expect((await client.ping()).loaded.map((m) => m.modelId)).toEqual([TINY_ENCODER]);
    expect((await client.unload(TINY_ENCODER)).unloaded).toBe(true);
    const embedder = await client.embedder(TINY_ENCODER);
    expect(await embedder.embed(['hello'], 'query')).toEqual([vectors[0]]);
    client.terminate();
  });

  it('answers errors with codes: unknown model, bad input', async () => {
    const client = new ModelClient({ createWorker: () => inProcessWorker(deps), config });
    await expect(client.embed('nope/nope', ['x'])).rejects.toMatchObject({ code: 'unknown-model' });
    await expect(client.embed(TINY_ENCODER, [null as unknown as string])).rejects.toMatchObject({ code: 'bad-input' });
    client.terminate();
  });

  it('cancels a request: the caller rejects at once with `cancelled`', async () => {
    const client = new ModelClient({ createWorker: () => inProcessWorker(deps), config });
    const controller = new AbortController();
    const pending = client.embed(TINY_ENCODER, Array.from({ length: 2000 }, (_, i) => `t${i}`), 'passage', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(await client.embed(TINY_ENCODER, ['still works'])).toHaveLength(1);
    client.terminate();
  });

  it('restarts a worker that hangs (timeout) or crashes', async () => {
    const workers: (WorkerLike & { terminated: boolean })[] = [];
    let hang = true;
    const client = new ModelClient({
      createWorker: () => {
        const worker = hang ? silentWorker() : inProcessWorker(deps);
        workers.push(worker);
        return worker;
      },
      config,
      loadTimeoutMs: 200,
      timeoutMs: 200,
    });
    await expect(client.ping()).rejects.toMatchObject({ code: 'timeout' });
    expect(workers[0]?.terminated).toBe(true);
    hang = false;
    expect((await client.ping()).kind).toBe('ping');
    const inFlight = client.ping();
    workers[1]!.onerror?.({ message: 'out of memory' });
    await expect(inFlight).rejects.toMatchObject({ code: 'crashed', message: expect.stringContaining('out of memory') });
    expect((await client.ping()).kind).toBe('ping');
    expect(client.restarts).toBe(2);
    client.terminate();
  });

  it('worker body: refuses requests before init and malformed messages', async () => {
    const posted: WorkerResponse[] = [];
    const handle = createWorkerHandler({ ...deps, post: (m) => posted.push(m) });
    await handle({ kind: 'load', id: 1, modelId: TINY_ENCODER });
    await handle({ kind: 'bogus', id: 2 });
    await handle('garbage');
    expect(posted).toEqual([
      expect.objectContaining({ kind: 'error', id: 1, code: 'not-initialised' }),
      expect.objectContaining({ kind: 'error', id: 2, code: 'bad-input' }),
      expect.objectContaining({ kind: 'error', id: -1, code: 'bad-input' }),
    ]);
  });
});
