/** Types of hub-listing.mjs (shared with scripts/fetch-models.mjs, which runs in plain Node). */

/** One file of the hub's listing: LFS files carry the content's sha256, plain ones the git blob oid. */
export interface ListedFile {
  readonly path: string;
  readonly size: number;
  /** Git blob SHA-1 of a plain (non-LFS) file; null for LFS files. */
  readonly gitOid: string | null;
  /** sha256 of an LFS file's content; null for plain files. */
  readonly sha256: string | null;
}

/** What a downloaded file must be, and who said so. */
export interface ExpectedFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string | null;
  readonly gitOid: string | null;
  readonly by: 'registry' | 'listing' | 'registry+listing';
}

export const DEFAULT_HUB: string;
export class VerificationError extends Error {
  /** Set when the file list could not be read: its HTTP status, 0 for a network error. */
  status?: number;
}
export function isCommitRevision(revision: unknown): revision is string;
export function listingUrl(base: string, repo: string, revision: string | null): string;
export function parseListing(json: unknown, where: string): Map<string, ListedFile>;
export function nextPage(link: string | null, current: string): string | null;
export function fetchListing(opts: {
  fetch?: typeof fetch;
  base: string;
  repo: string;
  revision: string | null;
  init?: RequestInit;
}): Promise<Map<string, ListedFile>>;
export function expectedFiles(
  modelId: string,
  revision: string | null,
  files: readonly { path: string; size: number | null; sha256: string | null }[],
  listing: ReadonlyMap<string, ListedFile> | null,
): ExpectedFile[];
export function gitBlobHeader(size: number): Uint8Array;
export function gitBlobSha1(bytes: Uint8Array): Promise<string>;
