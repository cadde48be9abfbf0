/** Worker thread: loads USE-lite once and embeds the texts it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { embedAll, loadUseLite } from './use-lite';

const model = await loadUseLite((workerData as { modelDir: string }).modelDir);
parentPort?.on('message', async (texts: string[]) => {
  const vecs = await embedAll(model, texts);
  parentPort?.postMessage(vecs, vecs.map((v) => v.buffer as ArrayBuffer));
});
parentPort?.postMessage('ready');
