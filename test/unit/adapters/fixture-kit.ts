/**
 * Loading captured fixtures the way a browser would, and summarising what an adapter finds in
 * them. Shared by the contract test and scripts/update-expected.ts (which writes the
 * `<fixture>.expected.json` files that the test compares against, after human review).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'parse5';
import type { ListAdapter } from '../../../src/adapters/types';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
/** The folder of fixtures for sites without an adapter of their own. */
export const GENERIC = 'generic';
const PAGE = /\.html?$/;

/** Fixture folders (site ids, plus 'generic'). */
export function fixtureFolders(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** Captured pages of a folder (HTML), and captured data (JSON), excluding expected outputs. */
export function fixtureFiles(folder: string): { pages: string[]; data: string[] } {
  const files = readdirSync(resolve(FIXTURES, folder)).filter((f) => !f.endsWith('.expected.json')).sort();
  return { pages: files.filter((f) => PAGE.test(f)), data: files.filter((f) => f.endsWith('.json')) };
}

function metaCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
}

function decodes(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes a captured page honouring its real charset: a BOM, else valid UTF-8, else the charset
 * its <meta> names (when that is not UTF-8), else GB18030 (Chinese captures that claim UTF-8
 * but hold GBK bytes, as their server's HTTP header said), else windows-1252.
 */
export function decodePage(bytes: Uint8Array): { text: string; charset: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8' };
  const utf8 = decodes('utf-8', bytes);
  if (utf8 !== undefined) return { text: utf8, charset: 'utf-8' };
  const meta = metaCharset(bytes);
  for (const label of [meta && !/^utf-?8$/.test(meta) ? meta : undefined, 'gb18030']) {
    const text = label ? decodes(label, bytes) : undefined;
    if (text !== undefined) return { text, charset: label as string };
  }
  return { text: new TextDecoder('windows-1252').decode(bytes), charset: 'windows-1252' };
}

interface P5Node {
  nodeName: string;
  tagName?: string;
  namespaceURI?: string;
  attrs?: { name: string; value: string; namespace?: string }[];
  value?: string;
  data?: string;
  childNodes?: P5Node[];
  content?: P5Node;
}

/** Rebuilds a parse5 subtree as DOM nodes of `doc`, iteratively (pages nest deeper than the stack likes). */
function build(doc: Document, from: P5Node, into: Node): void {
  const stack: [P5Node, Node][] = (from.childNodes ?? []).map((c) => [c, into]);
  stack.reverse();
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [n, parent] = next;
    let made: Node | undefined;
    if (n.nodeName === '#text') made = doc.createTextNode(n.value ?? '');
    else if (n.nodeName === '#comment') made = doc.createComment(n.data ?? '');
    else if (n.tagName) {
      const el = doc.createElementNS(n.namespaceURI ?? 'http://www.w3.org/1999/xhtml', n.tagName);
      for (const a of n.attrs ?? []) {
        try {
          if (a.namespace) el.setAttributeNS(a.namespace, a.name, a.value);
          else el.setAttribute(a.name, a.value);
        } catch {
          /* an attribute name the DOM refuses (junk in the capture) is dropped, as a browser's DOM would not hold it either */
        }
      }
      made = el;
      const kids = n.tagName === 'template' && n.content ? (n.content.childNodes ?? []) : (n.childNodes ?? []);
      const target = n.tagName === 'template' ? (el as HTMLTemplateElement).content : el;
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i] as P5Node, target]);
    }
    if (made) parent.appendChild(made);
  }
}

/**
 * Parses a fixture page into its own document the way a browser does. happy-dom 21's own parser
 * misplaces elements of large real pages (the YouTube capture's up-next renderers land under
 * #primary), so the spec-compliant parse5 tree builder parses and the nodes are rebuilt in a
 * DOMParser document (no browsing context: scripts never run).
 */
export function loadPage(path: string, parser: DOMParser): { doc: Document; charset: string } {
  const { text, charset } = decodePage(new Uint8Array(readFileSync(path)));
  const doc = parser.parseFromString('<!doctype html><html></html>', 'text/html');
  const tree = parse(text) as unknown as P5Node;
  const html = tree.childNodes?.find((c) => c.tagName === 'html');
  if (!html) throw new Error(`no <html> in ${path}`);
  doc.removeChild(doc.documentElement);
  const root = doc.createElement('html');
  for (const a of html.attrs ?? []) root.setAttribute(a.name, a.value);
  doc.appendChild(root);
  build(doc, html, root);
  return { doc, charset };
}

/** What an adapter found on a page: the reviewed part of `<fixture>.expected.json`. */
export interface PageSummary {
  readonly url: string;
  readonly pageKind: string;
  readonly lists: readonly { id: string; kind: string; items: number; read: number; first: { id: string; title: string }[] }[];
}

export function summarize(adapter: ListAdapter, doc: Document, url: URL): PageSummary {
  const lists = adapter.findLists(doc, url).map((l) => {
    const read = l.items.map((el, i) => adapter.readItem(el, i, url)).filter((x) => x !== undefined);
    return { id: l.id, kind: l.kind, items: l.items.length, read: read.length, first: read.slice(0, 3).map((r) => ({ id: r.id, title: r.title })) };
  });
  return { url: url.href, pageKind: adapter.pageKind(url, doc), lists };
}

/** The page URL a fixture was captured from: kept from its expected file, else canonical/og:url. */
export function pageUrl(doc: Document, expected: { url?: string } | undefined, fallback: string): URL {
  const named = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') || doc.querySelector('meta[property="og:url"]')?.getAttribute('content');
  return new URL(expected?.url ?? (named && /^https?:/.test(named) ? named : fallback));
}
