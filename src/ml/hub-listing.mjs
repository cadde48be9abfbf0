/* global URL, fetch, TextEncoder, crypto -- the same in extension pages, workers and Node 20 */
/**
 * Verifying model files the registry does not pin, against the Hugging Face hub's own file list
 * for the pinned commit. Plain JavaScript (types in hub-listing.d.mts) so that the extension and
 * scripts/fetch-models.mjs (plain Node) share one parser and one set of rules.
 *
 * The listing is `GET {base}/api/models/{repo}/tree/{revision}?recursive=true` (huggingface_hub
 * `HfApi.list_repo_tree`, huggingface.js `listFiles`): a JSON array, paged by a `Link: <…>;
 * rel="next"` header, of `{ type, path, size, oid, lfs?: { oid, size, pointerSize } }`. `oid` is
 * the git blob SHA-1 of what git stores (for an LFS file: its pointer); `lfs.oid` is the sha256
 * of the real content. `base` is the hub, or the user's mirror serving the same path.
 *
 * Rules: only a 40-hex commit is listed (a branch moves); a pinned file the listing names must
 * agree with it; an unpinned file must be in the listing; LFS files are checked by size + sha256,
 * plain git files by size + git blob SHA-1 (`sha1("blob <size>\0" + bytes)`).
 */

const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;
/** Pages followed at most (a model repo lists in one or two). */
const MAX_PAGES = 50;

export const DEFAULT_HUB = 'https://huggingface.co';

/** A refusal to download or load: the files could not be verified. */
export class VerificationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'VerificationError';
  }
}

export function isCommitRevision(revision) {
  return typeof revision === 'string' && HEX40.test(revision);
}

/** URL of the recursive listing of `repo` at `revision` (a commit) under `base`. */
export function listingUrl(base, repo, revision) {
  if (!isCommitRevision(revision)) {
    throw new VerificationError(`${repo}: revision "${revision}" is not a 40-hex commit; a branch or tag can move, so its file list cannot verify anything`);
  }
  return `${String(base).replace(/\/+$/, '')}/api/models/${repo}/tree/${revision}?recursive=true`;
}

/**
 * The files of one listing page: path → { path, size, gitOid, sha256 } (sha256 only for LFS files).
 * Directories are skipped. Anything else not shaped as documented is a clear error, never a guess.
 */
export function parseListing(json, where) {
  const bad = (why) => new VerificationError(`the file list at ${where} is malformed: ${why}`);
  if (!Array.isArray(json)) throw bad('expected a JSON array of entries');
  const out = new Map();
  json.forEach((e, i) => {
    if (!e || typeof e !== 'object') throw bad(`entry ${i} is not an object`);
    if (e.type === 'directory') return;
    if (e.type !== 'file') throw bad(`entry ${i} has type ${JSON.stringify(e.type)}`);
    if (typeof e.path !== 'string' || !e.path) throw bad(`entry ${i} has no path`);
    if (!Number.isSafeInteger(e.size) || e.size < 0) throw bad(`${e.path} has no valid size`);
    if (typeof e.oid !== 'string' || !HEX40.test(e.oid)) throw bad(`${e.path} has no 40-hex git oid`);
    let sha256 = null;
    let size = e.size;
    if (e.lfs !== undefined && e.lfs !== null) {
      if (typeof e.lfs.oid !== 'string' || !HEX64.test(e.lfs.oid)) throw bad(`${e.path} has an LFS entry without a 64-hex sha256 oid`);
      if (!Number.isSafeInteger(e.lfs.size) || e.lfs.size < 0) throw bad(`${e.path} has an LFS entry without a valid size`);
      sha256 = e.lfs.oid;
      size = e.lfs.size;
    }
    if (out.has(e.path)) throw bad(`${e.path} is listed twice`);
    out.set(e.path, { path: e.path, size, gitOid: sha256 ? null : e.oid, sha256 });
  });
  return out;
}

/** The `rel="next"` target of a Link header, resolved against `current`; null when there is none. */
export function nextPage(link, current) {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?next"?/.test(m[2])) return new URL(m[1], current).href;
  }
  return null;
}

/** Fetches and parses the whole listing (every page). */
export async function fetchListing({ fetch: fetchImpl = fetch, base, repo, revision, init = {} }) {
  let url = listingUrl(base, repo, revision);
  const files = new Map();
  for (let page = 0; url; page++) {
    if (page >= MAX_PAGES) throw new VerificationError(`the file list at ${listingUrl(base, repo, revision)} has more than ${MAX_PAGES} pages`);
    let res;
    try {
      res = await fetchImpl(url, { ...init, headers: { accept: 'application/json' } });
    } catch (e) {
      throw Object.assign(new VerificationError(`could not read the file list at ${url}: ${e?.cause?.code ?? e?.message ?? e}`), { status: 0 });
    }
    if (!res.ok) throw Object.assign(new VerificationError(`could not read the file list at ${url}: HTTP ${res.status}`), { status: res.status });
    let json;
    try {
      json = await res.json();
    } catch {
      throw new VerificationError(`the file list at ${url} is malformed: not JSON`);
    }
    for (const [path, f] of parseListing(json, url)) {
      if (files.has(path)) throw new VerificationError(`the file list at ${url} is malformed: ${path} is listed twice`);
      files.set(path, f);
    }
    url = nextPage(res.headers.get('link'), url);
  }
  return files;
}

/**
 * What each file must be: the registry's pin and the listing, which must agree where both speak.
 * Throws (naming the file) when they disagree, or when an unpinned file is not in the listing.
 * `listing` may be null only when every file is pinned.
 */
export function expectedFiles(modelId, revision, files, listing) {
  return files.map((f) => {
    const pinned = f.sha256 !== null && f.size !== null;
    const listed = listing ? listing.get(f.path) : undefined;
    if (!pinned && !listed) {
      throw new VerificationError(`${modelId}: ${f.path} has no pinned sha256 and is not in the hub's file list for commit ${revision}; refusing to download it`);
    }
    if (pinned && listed) {
      if (listed.size !== f.size || (listed.sha256 !== null && listed.sha256 !== f.sha256)) {
        throw new VerificationError(
          `${modelId}: ${f.path} is pinned as ${f.size} B sha256 ${f.sha256}, but the file list for commit ${revision} says ` +
            `${listed.size} B ${listed.sha256 ? `sha256 ${listed.sha256}` : `git oid ${listed.gitOid}`}; refusing to download it`,
        );
      }
    }
    return {
      path: f.path,
      size: pinned ? f.size : listed.size,
      sha256: pinned ? f.sha256 : listed.sha256,
      gitOid: listed ? listed.gitOid : null,
      by: pinned ? (listed ? 'registry+listing' : 'registry') : 'listing',
    };
  });
}

/** The header git hashes before a blob's bytes: `blob <size>\0`. */
export function gitBlobHeader(size) {
  return new TextEncoder().encode(`blob ${size}\0`);
}

/** Git blob SHA-1 (what `git hash-object` prints) of `bytes`, lower-case hex. */
export async function gitBlobSha1(bytes) {
  const header = gitBlobHeader(bytes.byteLength);
  const all = new Uint8Array(header.byteLength + bytes.byteLength);
  all.set(header, 0);
  all.set(bytes, header.byteLength);
  const digest = await crypto.subtle.digest('SHA-1', all);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
