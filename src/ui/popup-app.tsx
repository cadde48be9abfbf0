import { useCallback, useEffect, useState } from 'preact/hooks';
import { GENERIC_PREFIX, siteForUrl } from '../adapters/registry';
import type { HistoryEvent, HistoryStats } from '../history/types';
import { send } from '../messaging/client';
import type { SiteState, Status } from '../messaging/protocol';
import type { ModelStatus } from '../ml/model-service';
import { currentTab } from './current-tab';
import { PagePanel } from './page-panel';
import { LlmProfile } from './llm-profile';
import { SteeringControl } from './steering-control';
import { StrengthControl } from './strength-control';
import { DataActions } from './data-actions';
import { HistoryList } from './history-list';
import { SiteSwitch } from './site-switch';

const PAGE = 100;

function formatBytes(n: number | undefined): string {
  if (n === undefined) return 'unknown';
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KB` : `${(n / (1 << 20)).toFixed(1)} MB`;
}

/** The toolbar popup: this site's switch, recording state, and the user's history with its controls. */
export function PopupApp() {
  const [sites, setSites] = useState<SiteState[]>([]);
  const [tabUrl, setTabUrl] = useState<URL>();
  const [tabId, setTabId] = useState<number>();
  const [status, setStatus] = useState<Status>({ paused: false });
  const [stats, setStats] = useState<HistoryStats>();
  const [model, setModel] = useState<ModelStatus>();
  const [health, setHealth] = useState<Record<string, { lists: number; items: number; recognised: boolean }[]>>({});
  const [events, setEvents] = useState<HistoryEvent[]>([]);
  const [text, setText] = useState('');
  const [filter, setFilter] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');

  const siteName = useCallback(
    (id: string) => sites.find((s) => s.id === id)?.name ?? (id.startsWith(GENERIC_PREFIX) ? id.slice(GENERIC_PREFIX.length) : id),
    [sites],
  );
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  const refresh = useCallback(async () => {
    const [s, st, list, stat] = await Promise.all([
      send('sites.list', {}),
      send('status.get', {}),
      send('history.list', { ...(text ? { text } : {}), ...(filter ? { site: filter } : {}), limit }),
      send('history.stats', {}),
    ]);
    setSites(s);
    setStatus(st);
    setEvents(list);
    setStats(stat);
  }, [text, filter, limit]);

  useEffect(() => void currentTab().then((t) => (setTabUrl(t.url), setTabId(t.id))), []);
  useEffect(() => void send('model.status', {}).then(setModel, () => undefined), []);
  useEffect(() => void send('sites.health', {}).then(setHealth, () => undefined), []);
  useEffect(() => void refresh().catch(fail), [refresh]);

  const here = tabUrl ? siteForUrl(tabUrl) : undefined;
  const hereState: SiteState | undefined = tabUrl
    ? (sites.find((s) => s.id === (here ? here.id : GENERIC_PREFIX + tabUrl.hostname)) ??
      { id: GENERIC_PREFIX + tabUrl.hostname, name: tabUrl.hostname, enabled: false, revoked: false, generic: true })
    : undefined;
  const onSites = (s: SiteState[]) => {
    setError('');
    setSites(s);
  };
  const pause = () => send('settings.patch', { paused: !status.paused }).then(() => refresh()).catch(fail);
  const remove = (id: number) => send('history.delete', { id }).then(() => refresh()).catch(fail);

  return (
    <main class="popup">
      <header>
        <h1>LocalRank</h1>
        <button type="button" class={status.paused ? 'paused' : ''} aria-pressed={status.paused} onClick={pause}>
          {status.paused ? 'Resume recording' : 'Pause recording'}
        </button>
      </header>
      {status.paused && <p class="banner">Recording is paused: nothing new is stored.</p>}
      {status.lastError && (
        <p class="banner warn" role="status">
          Last event not recorded: {status.lastError.message} ({new Date(status.lastError.time).toLocaleString()})
        </p>
      )}
      {error && <p class="banner error" role="alert">{error}</p>}
      {model && <ModelLine status={model} />}
      {notice && <p class="banner" role="status">{notice}</p>}

      <PagePanel tabId={tabId} />
      <StrengthControl />
      <SteeringControl />
      <LlmProfile />
      <section aria-label="This site">
        {hereState ? (
          <>
            <SiteSwitch focus site={hereState} label={here ? `On ${here.name}` : `On this site (${tabUrl?.hostname})`} onChange={onSites} onError={setError} />
            <p class="hint">{hereState.enabled ? 'Recording item pages you view, searches and clicks on this site.' : 'Off: LocalRank does not see this site.'}</p>
          </>
        ) : (
          <p class="hint">Open a shopping or video site to switch LocalRank on there.</p>
        )}
        <details>
          <summary>All sites</summary>
          <div class="site-list">
            {sites.map((s) => (
              <div key={s.id}>
                <SiteSwitch site={s} onChange={onSites} onError={setError} />
                {health[s.id]?.[0] && <small class="health" data-site-health={s.id}>{healthText(health[s.id]!)}</small>}
              </div>
            ))}
          </div>
        </details>
      </section>

      <section aria-label="History" class="history-section">
        <div class="filters">
          <input type="search" placeholder="Search history" aria-label="Search history" value={text}
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
          <select aria-label="Filter by site" value={filter} onChange={(e) => setFilter((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">All sites</option>
            {Object.keys(stats?.bySite ?? {}).map((id) => <option key={id} value={id}>{siteName(id)}</option>)}
          </select>
        </div>
        <p class="counts">
          {stats ? `${stats.total} events · ${formatBytes(stats.usageBytes)} used` : '…'}
        </p>
        <HistoryList events={events} siteName={siteName} onDelete={remove} />
        {events.length >= limit && <button type="button" onClick={() => setLimit(limit + PAGE)}>Show more</button>}
        <DataActions site={filter} siteLabel={filter ? siteName(filter) : ''} onError={setError}
          onChanged={(m) => { setNotice(m); void refresh().catch(fail); }} />
      </section>
    </main>
  );
}

/** One line on the model: which one runs where, or why the lexical ranker runs instead. */
function ModelLine({ status }: { status: ModelStatus }) {
  const h = status.host;
  const where = h ? ` · ${h.backend === 'webgpu' ? 'WebGPU' : 'WASM'}${h.backend === 'wasm' ? `, ${h.threads} thread${h.threads > 1 ? 's' : ''}` : ''}` : '';
  return (
    <p class={`model-line ${status.state === 'failed' || status.state === 'none' ? 'warn' : ''}`} data-state={status.state}>
      {status.model ? `Model: ${status.model}${where}` : 'Model: none'}
      {status.reason ? ` — ${status.reason}` : ''}
      {h?.webgpuFailed ? ' (WebGPU failed, moved to WASM)' : ''}
    </p>
  );
}

/** Health of a site's adapter on the last visits, so markup drift is noticed. */
function healthText(visits: { lists: number; items: number; recognised: boolean }[]): string {
  const last = visits[0]!;
  const misses = visits.filter((v) => !v.recognised).length;
  return last.recognised ? `last visit: ${last.lists} list${last.lists === 1 ? '' : 's'}, ${last.items} items` : `layout not recognised (${misses}/${visits.length} recent visits)`;
}
