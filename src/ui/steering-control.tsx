import { useEffect, useState } from 'preact/hooks';
import { parseSteering } from '../ranking/steering';
import { send } from '../messaging/client';

/** "Steer" in plain words: "more cooking, less gaming"; shown back as the anchors understood. */
export function SteeringControl() {
  const [text, setText] = useState<string>();
  const [saved, setSaved] = useState('');
  useEffect(() => void send('settings.get', {}).then((s) => (setText(s.steering), setSaved(s.steering)), () => undefined), []);
  if (text === undefined) return null;
  const anchors = parseSteering(saved);
  const save = () => void send('settings.patch', { steering: text }).then((s) => setSaved(s.steering), () => undefined);
  return (
    <form class="steering" onSubmit={(e) => (e.preventDefault(), save())}>
      <input type="text" value={text} maxLength={500} aria-label="Steer the ranking in plain words"
        placeholder="Steer: more trail running, less gossip" onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} onBlur={save} />
      {anchors.length > 0 && (
        <p class="hint" data-testid="steering-understood">
          {anchors.map((a) => `${a.sign > 0 ? '+' : '−'} ${a.text}`).join(' · ')}
        </p>
      )}
    </form>
  );
}
