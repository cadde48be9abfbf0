import { useEffect, useState } from 'preact/hooks';
import type { LlmSteering } from '../llm/llm-state';
import { send } from '../messaging/client';
import { parseSteering } from '../ranking/steering';

/**
 * "Steer" in plain words: "more cooking, less gaming"; shown back as the anchors understood. The
 * background structures it with the on-device LLM when that runs (validated JSON), else — and
 * whenever the LLM's answer is invalid — with the plain-word parser.
 */
export function SteeringControl() {
  const [text, setText] = useState<string>();
  const [result, setResult] = useState<LlmSteering>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    void Promise.all([send('settings.get', {}), send('llm.steering', {}).catch(() => null)]).then(([s, stored]) => {
      setText(s.steering);
      setResult(stored?.input === s.steering ? stored : { input: s.steering, anchors: parseSteering(s.steering), via: 'parser', note: '' });
    }, () => undefined);
  }, []);
  if (text === undefined) return null;
  const save = () => {
    if (saving || text === result?.input) return;
    setSaving(true);
    void send('llm.steer', { text }).then(setResult, () => undefined).finally(() => setSaving(false));
  };
  const anchors = result?.anchors ?? [];
  return (
    <form class="steering" onSubmit={(e) => (e.preventDefault(), save())}>
      <input type="text" value={text} maxLength={500} aria-label="Steer the ranking in plain words"
        placeholder="Steer: more trail running, less gossip" onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} onBlur={save} />
      {saving && <p class="hint" role="status">Reading your words…</p>}
      {!saving && anchors.length > 0 && (
        <p class="hint" data-testid="steering-understood" data-via={result?.via}>
          {anchors.map((a) => `${a.sign > 0 ? '+' : '−'} ${a.text}`).join(' · ')}
        </p>
      )}
      {!saving && result?.note && <p class="hint" data-testid="steering-note">{result.note}</p>}
    </form>
  );
}
