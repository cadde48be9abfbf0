/**
 * Writes `<fixture>.expected.json` beside every fixture in test/fixtures/<site>/: the lists the
 * site's adapter finds (kind, item count, first three ids and titles). The contract test compares
 * against these files, so after running this READ THE DIFF: a changed count or a wrong title is a
 * regression to explain, not a file to accept.
 *
 *   node --import tsx scripts/update-expected.ts            (all folders)
 *   node --import tsx scripts/update-expected.ts amazon     (one folder)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Window } from 'happy-dom';
import type { ListAdapter } from '../src/adapters/types';
import { genericAdapter } from '../src/adapters/generic';
import { FIXTURES, GENERIC, fixtureFiles, fixtureFolders, loadPage, pageUrl, summarize } from '../test/unit/adapters/fixture-kit';
import { dataSummary } from '../test/unit/adapters/data-kit';

// Where each capture came from (../shared/fixtures/SOURCES.md), for pages that do not name their URL.
const CAPTURED_AT: Record<string, string> = {
  'watch_postlight_elixirconf-keynote.html': 'https://www.youtube.com/watch?v=pBNOavRoNL0',
  'search_amazon-de_katzenfutter_2022.html': 'https://www.amazon.de/s?k=katzenfutter',
  'search_amazon-de_plastikfrei-besteck_2019.html': 'https://www.amazon.de/s?field-keywords=plastikfrei+besteck',
  'bestsellers_amazon-com_tools_2022.html': 'https://www.amazon.com/Best-Sellers-Tools-Home-Improvement/zgbs/hi',
  'search_ebay-de_apple_2022.html': 'https://www.ebay.de/sch/i.html?_nkw=apple',
  'search_jd_sony-headphones_2016.html': 'https://search.jd.com/Search?keyword=%E7%B4%A2%E5%B0%BC%E8%80%B3%E6%9C%BA&enc=utf-8',
  'home_bilibili_2020.html': 'https://www.bilibili.com/',
  'search_taobao_huili-shoes_2016.htm': 'https://s.taobao.com/search?q=%E5%9B%9E%E5%8A%9B%E7%94%B7%E9%9E%8B',
};

async function adapterFor(folder: string): Promise<ListAdapter | undefined> {
  if (folder === GENERIC) return genericAdapter;
  const file = resolve(import.meta.dirname, '../src/sites', `${folder}.ts`);
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { site?: Partial<ListAdapter> };
  return typeof mod.site?.findLists === 'function' ? (mod.site as ListAdapter) : undefined;
}

function write(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
  console.log('wrote', path.slice(FIXTURES.length + 1));
}

const win = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true } });
const parser = new win.DOMParser() as unknown as DOMParser;
const only = process.argv[2];
for (const folder of fixtureFolders().filter((f) => !only || f === only)) {
  const adapter = await adapterFor(folder);
  if (!adapter) {
    console.warn(`no adapter for test/fixtures/${folder}/: skipped`);
    continue;
  }
  const { pages, data } = fixtureFiles(folder);
  for (const file of pages) {
    const path = resolve(FIXTURES, folder, file);
    const out = `${path}.expected.json`;
    const old = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { url?: string }) : undefined;
    const { doc, charset } = loadPage(path, parser);
    const url = pageUrl(doc, old, CAPTURED_AT[file] ?? `https://${folder}.example/`);
    write(out, { charset, ...summarize(adapter, doc, url) });
  }
  for (const file of data) write(resolve(FIXTURES, folder, `${file}.expected.json`), dataSummary(file, JSON.parse(readFileSync(resolve(FIXTURES, folder, file), 'utf8'))));
}
await win.happyDOM.close();
