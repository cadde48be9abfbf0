import { storage } from 'wxt/utils/storage';
import type { RetentionPolicy } from '../history/types';
import type { BackendPreference } from '../ml/backend';
import { DEFAULT_LLM_SETTINGS, sanitizeLlm, type LlmSettings } from './llm-settings';

/** User settings, kept small in extension storage (history itself is in IndexedDB). */
export interface Settings {
  /** Registry site id → switched on by the user. */
  sites: Record<string, boolean>;
  /** Hosts the user switched on for the generic adapter ("This site"). */
  genericHosts: string[];
  /** Recording paused everywhere. */
  paused: boolean;
  retention: RetentionPolicy;
  /** Repeats of one event within this many minutes are folded into one record. */
  dedupeWindowMinutes: number;
  /** Embedding model chosen by the user; null = automatic (the registry's defaults that are present). */
  modelId: string | null;
  /** Model backend: automatic (WebGPU with a real GPU, else WASM), or one forced. */
  backend: BackendPreference;
  /** How far lists may move from the site's order: 0 = not at all, 1 = follow your taste fully. */
  strength: number;
  /** 0 = no diversity re-rank, 1 = strongly spread interests at the top. */
  diversity: number;
  /** Items you already viewed or clicked: pushed down, up, or left alone. */
  seen: 'demote' | 'promote' | 'neutral';
  /** Small badges on moved items. */
  badges: boolean;
  /** Steering in plain words ("more cooking, less gaming"), parsed into ranking anchors. */
  steering: string;
  /** The on-device LLM (profile in words, steering, top-K refinement); off until the user enables it. */
  llm: LlmSettings;
}

export const DEFAULT_SETTINGS: Settings = {
  sites: {},
  genericHosts: [],
  paused: false,
  retention: { maxEvents: 10_000, maxAgeDays: 180 },
  dedupeWindowMinutes: 30,
  modelId: null,
  backend: 'auto',
  strength: 0.7,
  diversity: 0.3,
  seen: 'demote',
  badges: true,
  steering: '',
  llm: DEFAULT_LLM_SETTINGS,
};

/**
 * Version 1 is the first shape. A change of shape bumps `version` and adds `migrations[n]`; WXT
 * runs the missing steps in order when the item is first read. Version 2 added `llm` (off).
 */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: {
    2: (v1: Omit<Settings, 'llm'>): Settings => ({ ...v1, llm: DEFAULT_LLM_SETTINGS }),
  },
});

/** Read settings, filling fields a stored older value lacks. */
export async function getSettings(): Promise<Settings> {
  return sanitize(await settingsItem.getValue());
}

export async function patchSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = sanitize({ ...(await getSettings()), ...patch });
  await settingsItem.setValue(next);
  // Read back rather than keep `next`: another context may have written since (its change event
  // has read the newer value already, and must not be overwritten by this older one).
  if (mirror) {
    mirror = getSettings();
    mirror.catch(() => (mirror = undefined));
  }
  return next;
}

let mirror: Promise<Settings> | undefined;
let watching = false;

/** Drop the copy and its watch (tests replace the whole fake browser between cases, listeners included). */
export function forgetSettingsCopy(): void {
  mirror = undefined;
  watching = false;
}

/**
 * Settings for the background's hot paths (every ranked list asks for them): read from storage
 * once, then kept current: after this context's own `patchSettings`, and whenever the stored value
 * changes (its change event), the copy is read again from storage (a fresh read, so neither events
 * arriving out of order nor a patch racing another context's write can bring an older value back).
 */
export function currentSettings(): Promise<Settings> {
  if (!watching) {
    watching = true;
    settingsItem.watch(() => {
      mirror = getSettings();
      mirror.catch(() => (mirror = undefined));
    });
  }
  if (!mirror) {
    mirror = getSettings();
    mirror.catch(() => (mirror = undefined));
  }
  return mirror;
}

/** Keep only valid values: settings come from the popup and from imports, so they are checked here. */
export function sanitize(s: Partial<Settings> | null | undefined): Settings {
  const d = DEFAULT_SETTINGS;
  const int = (v: unknown, lo: number, hi: number, dflt: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : dflt;
  const unit = (v: unknown, dflt: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : dflt);
  const sites: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(s?.sites ?? {})) if (typeof v === 'boolean') sites[k] = v;
  return {
    sites,
    genericHosts: [...new Set((s?.genericHosts ?? []).filter((h) => typeof h === 'string' && /^[a-z0-9.-]+$/i.test(h)))],
    paused: typeof s?.paused === 'boolean' ? s.paused : d.paused,
    retention: {
      maxEvents: int(s?.retention?.maxEvents, 100, 1_000_000, d.retention.maxEvents),
      maxAgeDays: int(s?.retention?.maxAgeDays, 1, 3650, d.retention.maxAgeDays),
    },
    dedupeWindowMinutes: int(s?.dedupeWindowMinutes, 0, 24 * 60, d.dedupeWindowMinutes),
    modelId: typeof s?.modelId === 'string' && /^[\w.@/-]{1,200}$/.test(s.modelId) ? s.modelId : null,
    backend: s?.backend === 'wasm' || s?.backend === 'webgpu' ? s.backend : 'auto',
    strength: unit(s?.strength, d.strength),
    diversity: unit(s?.diversity, d.diversity),
    seen: s?.seen === 'promote' || s?.seen === 'neutral' || s?.seen === 'demote' ? s.seen : d.seen,
    badges: typeof s?.badges === 'boolean' ? s.badges : d.badges,
    steering: typeof s?.steering === 'string' ? s.steering.slice(0, 500) : d.steering,
    llm: sanitizeLlm(s?.llm),
  };
}
