import { useEffect, useState } from 'preact/hooks';
import { send } from '../messaging/client';
import type { Settings } from '../settings/settings';
import { LlmSection } from './llm-section';
import { ModelsPanel } from './models-panel';

/** Options: data retention and de-duplication, and the models (install, choose, delete). */
export function OptionsApp() {
  const [settings, setSettings] = useState<Settings>();
  const [message, setMessage] = useState('');
  useEffect(() => void send('settings.get', {}).then(setSettings), []);
  if (!settings) return <main class="options">Loading…</main>;

  const save = (patch: Partial<Settings>) =>
    send('settings.patch', patch).then(
      (s) => { setSettings(s); setMessage('Saved.'); },
      (e: unknown) => setMessage(String(e)),
    );
  const num = (e: Event) => Number((e.currentTarget as HTMLInputElement).value);

  return (
    <main class="options">
      <h1>LocalRank options</h1>
      <section aria-label="Your data">
        <h2>Your data</h2>
        <p class="hint">History stays in this browser only. Older events are removed past these limits.</p>
        <label>
          Keep at most <input type="number" min={100} max={1000000} value={settings.retention.maxEvents}
            onChange={(e) => save({ retention: { ...settings.retention, maxEvents: num(e) } })} /> events
        </label>
        <label>
          Keep events for <input type="number" min={1} max={3650} value={settings.retention.maxAgeDays}
            onChange={(e) => save({ retention: { ...settings.retention, maxAgeDays: num(e) } })} /> days
        </label>
        <label>
          Count repeated views of one page within <input type="number" min={0} max={1440} value={settings.dedupeWindowMinutes}
            onChange={(e) => save({ dedupeWindowMinutes: num(e) })} /> minutes once
        </label>
      </section>
      <ModelsPanel settings={settings} save={(p) => void save(p)} />
      <LlmSection llm={settings.llm} save={(llm) => save({ llm })} />
      {message && <p role="status">{message}</p>}
    </main>
  );
}
