import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { LlmStatus } from '../llm/llm-service';
import type { ProfileWords } from '../llm/llm-state';
import { send } from '../messaging/client';

const MAX = 600;

/** Where the text came from, in words. */
function origin(p: ProfileWords): string {
  if (p.source === 'model') return 'Written by the on-device model from your history; edit it to correct it.';
  if (p.source === 'user') return 'Your own words: they steer the ranking.';
  return '';
}

/**
 * The interest profile in words: shown, editable (the edit steers the ranker), and regenerated
 * from history by the on-device LLM. Without the LLM the box still takes the user's own words.
 * Model text is shown as text, never HTML.
 */
export function LlmProfile() {
  const [status, setStatus] = useState<LlmStatus>();
  const [profile, setProfile] = useState<ProfileWords>();
  const [draft, setDraft] = useState('');
  const [working, setWorking] = useState('');
  const [error, setError] = useState('');
  const show = (p: ProfileWords) => (setProfile(p), setDraft(p.text));
  const refresh = () => void send('llm.status', {}).then(setStatus, () => undefined);
  useEffect(() => {
    refresh();
    void send('llm.profile', {}).then(show, () => undefined);
  }, []);
  if (!status || !profile) return null;

  const run = (what: string, call: () => Promise<ProfileWords>) => {
    setWorking(what);
    setError('');
    void call().then(show, (e: unknown) => setError(e instanceof Error ? e.message : String(e))).finally(() => (setWorking(''), refresh()));
  };
  const canWrite = status.state === 'idle' || status.state === 'running';
  return (
    <section aria-label="Your interests in words" class="llm-profile">
      <div class="row-head">
        <strong>Your interests in words</strong>
        {status.state === 'off' && <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>LLM options</button>}
      </div>
      <p class={`model-line ${status.state === 'failed' ? 'warn' : ''}`} data-llm-state={status.state} data-testid="llm-status">
        {status.note}
        {status.lastRefine ? ` Last list: ${status.lastRefine.note}.` : ''}
      </p>
      <textarea rows={3} maxLength={MAX} value={draft} aria-label="Your interests in words"
        placeholder="e.g. You look at trail-running shoes and espresso gear; you skip celebrity news."
        onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="actions">
        <button type="button" disabled={Boolean(working) || draft === profile.text} onClick={() => run('Saving…', () => send('llm.profile.edit', { text: draft }))}>
          Save
        </button>
        <button type="button" disabled={Boolean(working) || !canWrite} title={canWrite ? 'Write it from your history with the on-device model' : status.note}
          onClick={() => run('The on-device model is writing…', () => send('llm.profile.regenerate', {}))}>
          Write from my history
        </button>
      </div>
      {working && <p class="hint" role="status">{working}</p>}
      {!working && (origin(profile) || profile.note) && (
        <p class="hint" data-testid="profile-note">{[origin(profile), profile.note].filter(Boolean).join(' ')}</p>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
