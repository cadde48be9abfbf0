/**
 * Entry of the dedicated model Worker. The host creates it with
 * `new Worker(new URL('../src/ml/worker-entry.ts', import.meta.url), { type: 'module' })`
 * and talks to it through ModelClient (src/ml/client.ts).
 */
import { attachWorker, type WorkerScope } from './worker';

attachWorker(self as unknown as WorkerScope);
