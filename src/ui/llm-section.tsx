import { useEffect, useState } from 'preact/hooks';
import { filesFor, getModel, registry } from '../../models/registry';
import { llmModelId } from '../llm/llm-context';
import { llmDownloadPlan, llmFiles, llmInstalled } from '../llm/llm-files';
import type { LlmStatus } from '../llm/llm-service';
import { send } from '../messaging/client';
import { deleteModel, downloadModel, type DownloadProgress, type DownloadResult } from '../ml/downloads';
import { downloadKey } from '../ml/model-service';
import { openModelCache } from '../ml/model-store';
import type { LlmSettings } from '../settings/llm-settings';
import { LlmTuning } from './llm-tuning';

const mb = (n: number) => (n < 1e6 ? `${(n / 1e3).toFixed(0)} KB` : `${(n / 1e6).toFixed(1)} MB`);
const LLMS = registry.models.filter((m) => m.task === 'text-generation');

/** Size of the weights file a loaded model runs with (its graph is most of the memory it holds). */
function weightsOf(modelId: string, dtype: Parameters<typeof filesFor>[1]): string {
  const size = filesFor(getModel(modelId), dtype).find((f) => f.path.endsWith('.onnx'))?.size;
  return size === null || size === undefined ? 'unknown' : mb(size);
}

/** What the LLM worker holds, in words (nothing when it is stopped). */
function memoryLine(s: LlmStatus | undefined): string {
  const h = s?.host;
  if (!h?.running) return 'Worker stopped: the LLM holds no memory.';
  const where = h.backend ? ` on ${h.backend === 'webgpu' ? 'WebGPU' : 'WASM'}` : '';
  const models = h.loaded.map((m) => `${m.modelId} (${m.dtype}): weights ≈ ${weightsOf(m.modelId, m.dtype)}, prompt cache ${mb(m.cacheBytes)}`);
  return [`Worker running${where}`, ...(models.length ? models : ['no model loaded yet']), ...(h.jsHeapBytes !== undefined ? [`JS heap ${mb(h.jsHeapBytes)}`] : [])].join(' · ');
}

/** What a finished download was checked against, in words. */
function verifiedNote(done: DownloadResult, revision: string, fromMirror: boolean): string {
  const listed = done.files.filter((f) => f.by === 'listing').length;
  if (!listed) return 'Downloaded and verified (sha256).';
  const pinned = done.files.length - listed;
  const list = fromMirror ? `the file list your mirror gave for commit ${revision}` : `Hugging Face's file list for commit ${revision}`;
  return `Downloaded and verified: ${pinned ? `${pinned} file${pinned === 1 ? '' : 's'} against the sha256 pinned by LocalRank, ` : ''}${listed} against ${list}. Their sha256 are recorded and checked at every load.`;
}

/**
 * Options → On-device LLM: off until the user switches it on; then the model, its download size
 * and what each file is checked against (shown before anything is fetched), download with a
 * progress bar and integrity check, memory held, and switching off, which stops the LLM's worker.
 */
export function LlmSection({ llm, save }: { llm: LlmSettings; save: (llm: LlmSettings) => Promise<void> }) {
  const [status, setStatus] = useState<LlmStatus>();
  const [present, setPresent] = useState<'bundled' | 'downloaded' | null>();
  const [progress, setProgress] = useState<DownloadProgress>();
  const [mirror, setMirror] = useState('');
  const [trustMirrorList, setTrustMirrorList] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const modelId = llmModelId(llm);
  const files = llmFiles(modelId, llm);
  const plan = llmDownloadPlan(files);
  const revision = getModel(modelId).revision?.slice(0, 7) ?? '';
  const refresh = () => {
    void llmInstalled(modelId, llm).then(setPresent, () => setPresent(null));
    void send('llm.status', {}).then(setStatus, () => undefined);
  };
  useEffect(refresh, [modelId, llm.enabled, llm.backend, llm.acceptWasm]);

  const set = (patch: Partial<LlmSettings>) => void save({ ...llm, ...patch }).then(refresh);
  const toggle = async (enabled: boolean) => {
    setError('');
    await save({ ...llm, enabled });
    if (!enabled) {
      await send('llm.terminate', {}).catch(() => undefined);
      setNote('Switched off: the LLM worker was stopped and its memory given back.');
    } else setNote('');
    refresh();
  };
  const download = async () => {
    setError('');
    setNote('');
    setProgress({ file: '', loaded: 0, total: plan.pinnedBytes });
    try {
      const done = await downloadModel(modelId, { cache: await openModelCache(), keyFor: downloadKey, mirror: mirror.trim() || null, files, trustMirrorList, onProgress: setProgress });
      setNote(verifiedNote(done, revision, mirror.trim() !== ''));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    setProgress(undefined);
    refresh();
  };
  const remove = async () => {
    await send('llm.terminate', {}).catch(() => undefined);
    setNote(`Deleted ${await deleteModel(modelId, await openModelCache(), downloadKey)} files.`);
    refresh();
  };
  const load = () => void send('llm.load', {}).then((r) => setNote(`Loaded in ${(r.ms / 1000).toFixed(1)} s.`), (e: unknown) => setError(String(e))).finally(refresh);

  return (
    <section aria-label="On-device LLM" class="llm">
      <h2>On-device LLM</h2>
      <p class="hint">A small language model on this device writes your interests in words, reads your steering, and may re-order the top of each list when it answers in time. Off unless you switch it on; nothing is downloaded unless you click Download.</p>
      <label class="switch"><input type="checkbox" checked={llm.enabled} onChange={(e) => void toggle((e.currentTarget as HTMLInputElement).checked)} /> Use the on-device LLM</label>
      {llm.enabled && (
        <>
          <fieldset>
            <legend>Model</legend>
            {LLMS.map((m) => (
              <label key={m.id}>
                <input type="radio" name="llm-model" checked={m.id === modelId} onChange={() => set({ modelId: m.id })} /> <strong>{m.id}</strong>
                {m.id.startsWith('localrank-test/') ? ' (test model: random weights, writes garbage)' : ''} <small>{m.licence}</small>
              </label>
            ))}
          </fieldset>
          <p data-testid="llm-size">
            {present ? `${modelId}: ${present === 'bundled' ? 'bundled with the extension' : 'downloaded'}.` : plan.listed.length
              ? `${modelId}: at least ${mb(plan.pinnedBytes)} to download (${files.map((f) => f.path).join(', ')}), each file checked before it is stored.`
              : `${modelId}: ${mb(plan.pinnedBytes)} to download (${files.map((f) => f.path).join(', ')}), checked against pinned sha256 before it is stored.`}
          </p>
          {!present && plan.listed.length > 0 && (
            <ul class="hint" data-testid="llm-pinning">
              {plan.pinned.length > 0 && <li>Pinned by LocalRank (size and sha256 ship with the extension): {plan.pinned.map((f) => f.path).join(', ')}.</li>}
              <li>
                Checked against Hugging Face's own file list for commit {revision} (size and hash; the list is read when you click Download — from a mirror only if you accept its list below): {plan.listed.map((f) => f.path).join(', ')}.
              </li>
              <li>The hashes of every file are then recorded with the download and checked each time the model loads.</li>
            </ul>
          )}
          {!present && (
            <label>
              Download the LLM from a mirror instead of the Hugging Face hub (optional){' '}
              <input type="url" placeholder="https://mirror.example/llm" value={mirror} onInput={(e) => setMirror((e.currentTarget as HTMLInputElement).value)} />
            </label>
          )}
          {!present && mirror.trim() !== '' && plan.listed.length > 0 && (
            <label>
              <input type="checkbox" checked={trustMirrorList} onChange={(e) => setTrustMirrorList((e.currentTarget as HTMLInputElement).checked)} /> Trust this mirror's file list
              for the files LocalRank does not pin ({plan.listed.map((f) => f.path).join(', ')}): a mirror that serves altered files could also serve a
              list that matches them. Pinned files are checked against LocalRank's own hashes either way.
            </label>
          )}
          {progress ? (
            <p class="progress">
              <progress max={progress.total || 1} value={progress.loaded} aria-label={`Downloading ${modelId}`} /> {mb(progress.loaded)} / {mb(progress.total)} ({progress.total ? Math.floor((100 * progress.loaded) / progress.total) : 0}%)
            </p>
          ) : present === null ? (
            <button type="button" onClick={() => void download()}>{plan.listed.length ? `Download (at least ${mb(plan.pinnedBytes)})` : `Download ${mb(plan.pinnedBytes)}`}</button>
          ) : present === 'downloaded' ? (
            <button type="button" onClick={() => void remove()}>Delete the downloaded LLM</button>
          ) : null}
          <p class="hint" data-testid="llm-state" data-state={status?.state}>{status?.note}</p>
          <p class="hint" data-testid="llm-memory">{memoryLine(status)}</p>
          {present && <button type="button" onClick={load}>Load now</button>}
          <LlmTuning llm={llm} set={set} />
        </>
      )}
      {note && <p role="status">{note}</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
