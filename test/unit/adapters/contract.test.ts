/**
 * Contract test: every adapter against every captured fixture of its site (and the generic adapter
 * against every page). Fails when an adapter has no fixture folder or a folder has no adapter.
 * Expected outputs (`<fixture>.expected.json`) are written by scripts/update-expected.ts and reviewed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITES } from '../../../src/adapters/registry';
import { genericAdapter } from '../../../src/adapters/generic';
import { isSiteAdapter, type FoundList, type ListAdapter } from '../../../src/adapters/types';
import { applyOrder, FROM_ATTR, LIST_ATTR, MOVED_ATTR } from '../../../src/dom/reorder';
import { FIXTURES, GENERIC, fixtureFiles, fixtureFolders, loadPage, summarize, type PageSummary } from './fixture-kit';
import { dataSummary, readData } from './data-kit';

const ADAPTERS = new Map<string, ListAdapter>([...SITES.filter(isSiteAdapter).map((s) => [s.id, s] as const), [GENERIC, genericAdapter]]);
const FOLDERS = fixtureFolders();

function expectedOf(folder: string, file: string): (PageSummary & { charset: string }) | undefined {
  const path = resolve(FIXTURES, folder, `${file}.expected.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

/** Reverses a list, checks the page shows the reversed order, restores, checks the DOM is identical. */
function roundTrip(list: FoundList): void {
  const { container } = list;
  const nodes = [...container.childNodes];
  const html = container.innerHTML;
  const applied = applyOrder(list, list.items.map((_, i) => list.items.length - 1 - i));
  const shown = [...container.querySelectorAll('*')].filter((el) => list.items.includes(el));
  expect(shown).toEqual([...list.items].reverse());
  expect(container.getAttribute(LIST_ATTR)).toBe(list.id);
  expect(applied.isIntact()).toBe(true);
  expect(applied.moved).toBe(list.items.length - (list.items.length % 2));
  applied.restore();
  const after = [...container.childNodes];
  expect(after.length).toBe(nodes.length);
  expect(after.every((n, i) => n === nodes[i])).toBe(true);
  expect(container.innerHTML).toBe(html);
  expect(container.querySelector(`[${MOVED_ATTR}], [${FROM_ATTR}]`)).toBeNull();
}

describe('fixtures and adapters cover each other', () => {
  it('every adapter has a fixture folder and every fixture folder an adapter', () => {
    expect(FOLDERS).toEqual([...ADAPTERS.keys()].sort());
  });
  it.each(FOLDERS)('%s: has at least one captured page, each with a reviewed expected file', (folder) => {
    const { pages } = fixtureFiles(folder);
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(expectedOf(folder, page), `${folder}/${page}.expected.json`).toBeDefined();
  });
});

// Fixture pages live in a window of their own that never runs or fetches their scripts.
const win = new Window({
  settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
});
const parser = () => new win.DOMParser() as unknown as DOMParser;
afterAll(() => win.happyDOM.close());

for (const folder of FOLDERS) {
  const adapter = ADAPTERS.get(folder);
  const { pages, data } = fixtureFiles(folder);
  for (const file of pages) {
    describe(`${folder}/${file}`, () => {
      const expected = expectedOf(folder, file);
      let doc: Document;
      let url: URL;
      let charset: string;
      beforeAll(() => {
        ({ doc, charset } = loadPage(resolve(FIXTURES, folder, file), parser()));
        url = new URL(expected?.url ?? 'https://invalid.example/');
      });

      it('decodes with its real charset and finds the reviewed lists', () => {
        if (!adapter || !expected) throw new Error('no adapter or expected file');
        const { charset: wantCharset, ...want } = expected;
        expect(charset).toBe(wantCharset);
        expect(summarize(adapter, doc, url)).toEqual(want);
        expect(want.lists.length).toBeGreaterThan(0);
      });

      it('reads every item with an id and a non-empty plain-text title', () => {
        for (const list of adapter?.findLists(doc, url) ?? []) {
          const items = list.items.map((el, i) => adapter?.readItem(el, i, url));
          for (const [i, item] of items.entries()) {
            expect(item, `${list.id} item ${i}`).toBeDefined();
            expect(item?.title.trim()).toBe(item?.title);
            expect(item?.title.length).toBeGreaterThan(0);
            expect(item?.position).toBe(i);
            expect(item?.url === '' || /^https?:\/\//.test(item?.url ?? '')).toBe(true);
          }
        }
      });

      it('reads id, title and URL without the secondary fields exactly as the full reading does (the ranking path)', () => {
        let fields = 0;
        for (const list of adapter?.findLists(doc, url) ?? []) {
          for (const [i, el] of list.items.entries()) {
            const full = adapter?.readItem(el, i, url);
            const lean = adapter?.readItem(el, i, url, false);
            const { id, title, url: href, position, ...rest } = full ?? ({} as NonNullable<typeof full>);
            fields += Object.keys(rest).length;
            expect(lean, `${list.id} item ${i}`).toEqual(full ? { id, title, url: href, position } : undefined);
          }
        }
        // Fixtures whose cards carry a channel, price … show that the lean reading left them out.
        if (adapter && adapter.id !== 'aliexpress') expect(fields).toBeGreaterThan(0);
      });

      it('applies a reversed order and restores the exact original DOM, list by list and as a whole', () => {
        const before = doc.documentElement.outerHTML;
        const lists = adapter?.findLists(doc, url) ?? [];
        for (const list of lists) roundTrip(list);
        const all = lists.map((l) => applyOrder(l, l.items.map((_, i) => l.items.length - 1 - i)));
        for (const a of all.reverse()) a.restore();
        expect(doc.documentElement.outerHTML).toBe(before);
      });

      if (folder !== GENERIC) {
        it('the generic adapter does not break this page either', () => {
          const before = doc.documentElement.outerHTML;
          for (const list of genericAdapter.findLists(doc, url)) {
            expect(list.items.length).toBeGreaterThanOrEqual(4);
            for (const [i, el] of list.items.entries()) expect(genericAdapter.readItem(el, i, url)?.title).toBeTruthy();
            roundTrip(list);
          }
          expect(doc.documentElement.outerHTML).toBe(before);
        });
      }
    });
  }
  for (const file of data) {
    it(`${folder}/${file}: page data is read into the reviewed lists`, () => {
      const json: unknown = JSON.parse(readFileSync(resolve(FIXTURES, folder, file), 'utf8'));
      const expected: unknown = JSON.parse(readFileSync(resolve(FIXTURES, folder, `${file}.expected.json`), 'utf8'));
      expect(dataSummary(file, json)).toEqual(expected);
      for (const list of readData(file, json)?.lists ?? []) {
        expect(new Set(list.map((i) => i.id)).size).toBe(list.length);
        for (const item of list) expect(item.title && item.url.startsWith('https://www.youtube.com/')).toBeTruthy();
      }
    });
  }
}
