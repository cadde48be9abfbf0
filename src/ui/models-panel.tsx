import { useEffect, useState } from 'preact/hooks';
import { registry } from '../../models/registry';
import type { ModelEntry } from '../../models/registry';
import { deleteModel, downloadFiles, downloadModel } from '../ml/downloads';
import type { DownloadProgress } from '../ml/downloads';
import { downloadKey, installed } from '../ml/model-service';
import { openModelCache } from '../ml/model-store';
import type { Settings } from '../settings/settings';

const mb = (n: number | null) => (n === null ? 'size unknown' : `${(n / 1e6).toFixed(1)} MB`);
const size = (m: ModelEntry) => downloadFiles(m).reduce<number | null>((s, f) => (s === null || f.size === null ? null : s + f.size), 0);

interface RowState {
  state: 'bundled' | 'downloaded' | null;
  progress?: DownloadProgress;
  error?: string;
  note?: string;
}

/** Models: what is installed, download with progress (only on click), integrity check, delete. */
export function ModelsPanel({ settings, save }: { settings: Settings; save: (p: Partial<Settings>) => void }) {
  const [rows, setRows] = useState<Record<string, RowState>>({});
  const [mirror, setMirror] = useState('');
  const [used, setUsed] = useState<number>();
  // Sentence encoders only: LLMs have their own section (src/ui/llm-section.tsx).
  const models = registry.models.filter((m) => m.task === 'feature-extraction');
  const set = (id: string, patch: Partial<RowState>) => setRows((r) => ({ ...r, [id]: { ...(r[id] ?? { state: null }), ...patch } }));
  const refresh = () => {
    models.forEach((m) => void installed(m.id).then((state) => set(m.id, { state })));
    void navigator.storage?.estimate?.().then((e) => setUsed(e.usage), () => undefined);
  };
  useEffect(refresh, []);

  const download = async (m: ModelEntry) => {
    set(m.id, { error: '', note: '', progress: { file: '', loaded: 0, total: size(m) ?? 0 } });
    try {
      await downloadModel(m.id, { cache: await openModelCache(), keyFor: downloadKey, mirror: mirror.trim() || null, onProgress: (progress) => set(m.id, { progress }) });
      set(m.id, { note: 'Downloaded and verified (sha256).' });
    } catch (e) {
      set(m.id, { error: e instanceof Error ? e.message : String(e) });
    }
    set(m.id, { progress: undefined as never });
    refresh();
  };
  const remove = async (m: ModelEntry) => {
    const n = await deleteModel(m.id, await openModelCache(), downloadKey);
    set(m.id, { note: `Deleted ${n} files.` });
    refresh();
  };

  return (
    <section aria-label="Models">
      <h2>Models</h2>
      <p class="hint">Models run on this device. Nothing is downloaded unless you click Download.</p>
      <p class="hint" data-testid="storage-used">Storage used by LocalRank (history, cache, downloaded models): {used === undefined ? '…' : mb(used)}</p>
      <label>
        Run models on{' '}
        <select value={settings.backend} onChange={(e) => save({ backend: (e.currentTarget as HTMLSelectElement).value as Settings['backend'] })}>
          <option value="auto">Automatic (WebGPU with a real GPU, else WASM)</option>
          <option value="wasm">WASM (CPU)</option>
          <option value="webgpu">WebGPU</option>
        </select>
      </label>
      <label>
        Download from a mirror instead of the Hugging Face hub (optional){' '}
        <input type="url" placeholder="https://mirror.example/models" value={mirror} onInput={(e) => setMirror((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <table class="models">
        <thead><tr><th>Use</th><th>Model</th><th>Size</th><th>Licence</th><th>State</th><th /></tr></thead>
        <tbody>
          {models.map((m) => {
            const r = rows[m.id] ?? { state: null };
            return (
              <tr key={m.id} data-model={m.id}>
                <td><input type="radio" name="model" aria-label={`Use ${m.id}`} disabled={!r.state || m.task !== 'feature-extraction'}
                  checked={settings.modelId === m.id} onChange={() => save({ modelId: m.id })} /></td>
                <td><strong>{m.id}</strong><br /><small>{m.purpose}</small></td>
                <td>{mb(size(m))}</td>
                <td><small>{m.licence}</small></td>
                <td class="state">{r.state === 'bundled' ? 'Bundled' : r.state === 'downloaded' ? 'Downloaded' : 'Not present'}</td>
                <td>
                  {r.progress ? (
                    <span class="progress">
                      <progress max={r.progress.total || 1} value={r.progress.loaded} aria-label={`Downloading ${m.id}`} />{' '}
                      {mb(r.progress.loaded)} / {mb(r.progress.total)} ({r.progress.total ? Math.floor((100 * r.progress.loaded) / r.progress.total) : 0}%)
                    </span>
                  ) : r.state === 'downloaded' ? (
                    <button type="button" onClick={() => void remove(m)}>Delete</button>
                  ) : r.state === null ? (
                    <button type="button" onClick={() => void download(m)}>Download</button>
                  ) : null}
                  {r.error && <p class="error" role="alert">{r.error}</p>}
                  {r.note && <p role="status">{r.note}</p>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p><label><input type="radio" name="model" checked={settings.modelId === null} onChange={() => save({ modelId: null })} /> Automatic: the best installed model</label></p>
    </section>
  );
}
