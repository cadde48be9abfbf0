import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { patternsFor } from '../adapters/registration';
import { send } from '../messaging/client';
import type { SiteState } from '../messaging/protocol';

/**
 * Switch a site on or off. Switching on asks the browser for that site's host permission right in
 * the click (a user gesture is required, so nothing is awaited before the request).
 */
export async function toggleSite(site: Pick<SiteState, 'id' | 'generic'>, on: boolean, host?: string): Promise<SiteState[]> {
  const origins = patternsFor(site.id);
  if (on) {
    const granted = await browser.permissions.request({ origins });
    if (!granted) throw new Error('Access to this site was not granted, so LocalRank stays off there.');
  }
  return send('sites.set', { id: site.id, enabled: on, ...(host ? { host } : {}) });
}

interface Props {
  site: SiteState;
  /** Take the keyboard focus when shown (the current site's switch: open the popup, press Space). */
  focus?: boolean;
  label?: string;
  onChange: (sites: SiteState[]) => void;
  onError: (message: string) => void;
}

export function SiteSwitch({ site, label, focus, onChange, onError }: Props) {
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focus) input.current?.focus();
  }, [focus]);
  const flip = () => {
    setBusy(true);
    toggleSite(site, !site.enabled)
      .then(onChange, (e: unknown) => onError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <label class="switch" data-site={site.id}>
      <input ref={input} type="checkbox" role="switch" checked={site.enabled} disabled={busy} aria-busy={busy} onChange={flip} aria-label={`LocalRank on ${site.name}`} />
      <span>{label ?? site.name}</span>
      {site.revoked && <small class="warn"> (access was removed in the browser)</small>}
    </label>
  );
}
