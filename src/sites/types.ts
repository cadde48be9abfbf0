/**
 * What the site registry knows about a site. One file per site in src/sites/ exports `site`.
 * Adapter functions (find lists, read items, apply order) join this type in the adapters issue.
 */
export interface SiteInfo {
  /** Stable id; equals the file name (youtube.ts → 'youtube'). */
  readonly id: string;
  /** Name shown to the user. */
  readonly name: string;
  /** Match patterns; they become optional host permissions and content-script matches. */
  readonly matches: readonly string[];
  /** URL paths (matched against `pathname + search` of the host) that are single-item pages. */
  readonly itemPages: readonly RegExp[];
  /** Query parameters that carry the user's search text on this site. */
  readonly searchParams: readonly string[];
}
