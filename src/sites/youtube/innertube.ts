import type { PageItem } from '../../adapters/types';
import { cleanText, MAX_TITLE, withFields } from '../../adapters/text';

/**
 * Reading items from YouTube's own InnerTube JSON (`/youtubei/v1/next`, `/youtubei/v1/search`),
 * for a MAIN-world data path that can rank before render (as BlockTube and FeedMonitor read it).
 * Pure functions over parsed JSON; anything unexpected is skipped, never thrown.
 * Lives beside, not in, src/sites/: the registry imports every src/sites/*.ts as a site.
 * Proven by test/fixtures/youtube/innertube-next_K4DyBUG242c.json (2026-06-07: lockupViewModel)
 * and innertube-search_query-test.json (2026-01-26: videoRenderer).
 */

type Json = unknown;

/** `obj[k1][k2]…`, or undefined as soon as a step is missing. Array steps take numbers. */
export function at(obj: Json, ...path: readonly (string | number)[]): Json {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, Json>)[k];
  }
  return cur;
}

function list(v: Json): readonly Json[] {
  return Array.isArray(v) ? v : [];
}

/** Text of an InnerTube text object: `{simpleText}`, `{runs: [{text}]}` or `{content}`. */
export function textOfJson(v: Json, max = 80): string {
  const simple = at(v, 'simpleText') ?? at(v, 'content');
  if (typeof simple === 'string') return cleanText(simple, max);
  return cleanText(list(at(v, 'runs')).map((r) => at(r, 'text')).filter((t) => typeof t === 'string').join(''), max);
}

function str(v: Json): string {
  return typeof v === 'string' ? v : '';
}

const WATCH = 'https://www.youtube.com/watch?v=';

/** One `lockupViewModel` (current up-next, home and search cells) as a PageItem. */
export function readLockup(lvm: Json, position: number): PageItem | undefined {
  const id = str(at(lvm, 'contentId'));
  const meta = at(lvm, 'metadata', 'lockupMetadataViewModel');
  const title = textOfJson(at(meta, 'title'), MAX_TITLE);
  if (!id || !title) return undefined;
  const rows = list(at(meta, 'metadata', 'contentMetadataViewModel', 'metadataRows'));
  const parts = (row: Json) => list(at(row, 'metadataParts')).map((p) => textOfJson(at(p, 'text')));
  const badge = list(at(lvm, 'contentImage', 'thumbnailViewModel', 'overlays'))
    .flatMap((o) => list(at(o, 'thumbnailBottomOverlayViewModel', 'badges')))
    .map((b) => str(at(b, 'thumbnailBadgeViewModel', 'text')))[0];
  const isVideo = str(at(lvm, 'contentType')) === 'LOCKUP_CONTENT_TYPE_VIDEO';
  const url = isVideo ? WATCH + encodeURIComponent(id) : 'https://www.youtube.com/playlist?list=' + encodeURIComponent(id);
  return withFields<PageItem>(
    { id, title, url, position },
    { channel: parts(rows[0])[0] ?? '', views: parts(rows[1])[0] ?? '', duration: cleanText(badge) },
  );
}

/** One `videoRenderer` (search results) or `compactVideoRenderer` (older up-next) as a PageItem. */
export function readVideoRenderer(vr: Json, position: number): PageItem | undefined {
  const id = str(at(vr, 'videoId'));
  const title = textOfJson(at(vr, 'title'), MAX_TITLE);
  if (!id || !title) return undefined;
  return withFields<PageItem>(
    { id, title, url: WATCH + encodeURIComponent(id), position },
    {
      channel: textOfJson(at(vr, 'ownerText')) || textOfJson(at(vr, 'longBylineText')),
      views: textOfJson(at(vr, 'viewCountText')),
      duration: textOfJson(at(vr, 'lengthText')),
    },
  );
}

function readEntry(entry: Json, position: number): PageItem | undefined {
  const lvm = at(entry, 'lockupViewModel');
  if (lvm) return readLockup(lvm, position);
  const vr = at(entry, 'videoRenderer') ?? at(entry, 'compactVideoRenderer');
  return vr ? readVideoRenderer(vr, position) : undefined;
}

/** Entries of a results array, with item sections flattened (chips put one around the list). */
function entries(results: Json): Json[] {
  return list(results).flatMap((e) => {
    const inner = at(e, 'itemSectionRenderer', 'contents');
    return Array.isArray(inner) ? inner : [e];
  });
}

function readAll(results: Json): PageItem[] {
  const out: PageItem[] = [];
  for (const e of entries(results)) {
    const item = readEntry(e, out.length);
    if (item) out.push(item);
  }
  return out;
}

/** Up-next items of a `/youtubei/v1/next` response, in the platform's order. */
export function upNextFromNext(json: Json): PageItem[] {
  return readAll(at(json, 'contents', 'twoColumnWatchNextResults', 'secondaryResults', 'secondaryResults', 'results'));
}

/**
 * Result lists of a `/youtubei/v1/search` response, in the platform's order: per item section its
 * own results, then each shelf inside it ("People also watched" …) as a list of its own.
 */
export function resultsFromSearch(json: Json): PageItem[][] {
  const sections = list(at(json, 'contents', 'twoColumnSearchResultsRenderer', 'primaryContents', 'sectionListRenderer', 'contents'));
  return sections
    .flatMap((s) => {
      const contents = at(s, 'itemSectionRenderer', 'contents');
      const shelves = list(contents).map((e) => at(e, 'shelfRenderer', 'content', 'verticalListRenderer', 'items'));
      return [readAll(contents), ...shelves.filter(Array.isArray).map(readAll)];
    })
    .filter((items) => items.length > 0);
}
