import { useRef, useState } from 'preact/hooks';
import { send } from '../messaging/client';

interface Props {
  site: string;
  siteLabel: string;
  onChanged: (message: string) => void;
  onError: (message: string) => void;
}

/** Export, import, clear site and clear all; clearing asks once more before it acts. */
export function DataActions({ site, siteLabel, onChanged, onError }: Props) {
  const [confirm, setConfirm] = useState<'' | 'site' | 'all'>('');
  const file = useRef<HTMLInputElement>(null);
  const fail = (e: unknown) => onError(e instanceof Error ? e.message : String(e));

  const exportAll = async () => {
    const { json } = await send('history.export', {});
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    a.download = `localrank-history-${new Date().toISOString().slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  const importFile = async (f: File | undefined) => {
    if (!f) return;
    const r = await send('history.import', { json: await f.text() });
    onChanged(`Imported ${r.added} events (${r.skipped} already present).`);
  };
  const clear = async (which: 'site' | 'all') => {
    if (confirm !== which) return setConfirm(which);
    setConfirm('');
    const { deleted } = which === 'all' ? await send('history.clearAll', {}) : await send('history.clearSite', { site });
    onChanged(`Deleted ${deleted} events.`);
  };

  return (
    <div class="actions">
      <button type="button" onClick={() => exportAll().catch(fail)}>Export</button>
      <button type="button" onClick={() => file.current?.click()}>Import…</button>
      <input ref={file} type="file" accept="application/json,.json" hidden aria-label="Import history file"
        onChange={(e) => importFile((e.currentTarget as HTMLInputElement).files?.[0]).catch(fail).finally(() => file.current && (file.current.value = ''))} />
      {site && (
        <button type="button" class={confirm === 'site' ? 'danger' : ''} onClick={() => clear('site').catch(fail)}>
          {confirm === 'site' ? `Really clear ${siteLabel}?` : `Clear ${siteLabel}`}
        </button>
      )}
      <button type="button" class={confirm === 'all' ? 'danger' : ''} onClick={() => clear('all').catch(fail)}>
        {confirm === 'all' ? 'Really clear all?' : 'Clear all'}
      </button>
    </div>
  );
}
