/** Summaries of captured page data (InnerTube JSON), for the expected files and the contract test. */
import type { PageItem } from '../../../src/adapters/types';
import { resultsFromSearch, upNextFromNext } from '../../../src/sites/youtube/innertube';

export interface DataSummary {
  readonly reader: string;
  readonly lists: readonly { items: number; first: { id: string; title: string }[] }[];
}

/** Which reader handles a data fixture, by its file name (innertube-next_*, innertube-search_*). */
export function readData(file: string, json: unknown): { reader: string; lists: PageItem[][] } | undefined {
  if (file.startsWith('innertube-next_')) return { reader: 'upNextFromNext', lists: [upNextFromNext(json)] };
  if (file.startsWith('innertube-search_')) return { reader: 'resultsFromSearch', lists: resultsFromSearch(json) };
  return undefined;
}

export function dataSummary(file: string, json: unknown): DataSummary {
  const read = readData(file, json);
  if (!read) throw new Error(`no reader for data fixture ${file}`);
  return { reader: read.reader, lists: read.lists.map((l) => ({ items: l.length, first: l.slice(0, 3).map((r) => ({ id: r.id, title: r.title })) })) };
}
