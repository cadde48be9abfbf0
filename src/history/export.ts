import { isEventKind, toEvent } from './normalize';
import type { HistoryEvent } from './types';

export const EXPORT_FORMAT = 'localrank-history';
export const EXPORT_VERSION = 1;

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  events: Omit<HistoryEvent, 'id' | 'key'>[];
}

export function toExport(events: HistoryEvent[], now: number): string {
  const file: ExportFile = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(now).toISOString(),
    events: events.map(({ id: _id, key: _key, ...rest }) => rest),
  };
  return JSON.stringify(file, null, 1);
}

/**
 * Parse and validate an export file. All or nothing: the first invalid event refuses the whole
 * file with a message that names it, so a bad file never half-imports.
 */
export function parseExport(json: string): HistoryEvent[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('This file is not JSON: nothing was imported.');
  }
  const file = data as Partial<ExportFile> | null;
  if (!file || typeof file !== 'object' || file.format !== EXPORT_FORMAT) {
    throw new Error('This is not a LocalRank history export: nothing was imported.');
  }
  if (typeof file.version !== 'number' || file.version > EXPORT_VERSION) {
    throw new Error(`Unsupported export version ${String(file.version)}: nothing was imported.`);
  }
  if (!Array.isArray(file.events)) throw new Error('The export has no event list: nothing was imported.');
  return file.events.map((raw, i) => {
    const e = raw as unknown as Record<string, unknown>;
    const problem =
      !e || typeof e !== 'object' ? 'is not an object'
      : !isEventKind(e.kind) ? 'has an unknown kind'
      : typeof e.site !== 'string' || !e.site ? 'has no site'
      : typeof e.url !== 'string' ? 'has no url'
      : typeof e.time !== 'number' || !Number.isFinite(e.time) || e.time <= 0 ? 'has no valid time'
      : e.title !== undefined && typeof e.title !== 'string' ? 'has a title that is not text'
      : '';
    if (problem) throw new Error(`Event ${i + 1} ${problem}: nothing was imported.`);
    return toEvent(e as unknown as Parameters<typeof toEvent>[0]);
  });
}
