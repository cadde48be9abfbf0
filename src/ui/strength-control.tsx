import { useEffect, useState } from 'preact/hooks';
import { send } from '../messaging/client';

/** How far lists may move from the site's order (applies to the next lists ranked). */
export function StrengthControl() {
  const [value, setValue] = useState<number>();
  useEffect(() => void send('settings.get', {}).then((s) => setValue(s.strength), () => undefined), []);
  if (value === undefined) return null;
  const pct = Math.round(value * 100);
  return (
    <label class="strength">
      <span>Follow my taste</span>
      <input type="range" min={0} max={100} step={5} value={pct} aria-valuetext={`${pct}%`}
        onChange={(e) => {
          const v = Number((e.currentTarget as HTMLInputElement).value) / 100;
          setValue(v);
          void send('settings.patch', { strength: v });
        }} />
      <span>{pct === 0 ? "site's order" : `${pct}%`}</span>
    </label>
  );
}
