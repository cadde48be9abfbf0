/**
 * The issue-6 site adapters beyond the contract test: Chinese titles read from the real JD,
 * Taobao and Bilibili captures match the strings the pages show (no mojibake), the optional
 * fields come out as plain text, and each site tells its page kinds apart.
 */
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import type { PageItem, SiteAdapter } from '../../../src/adapters/types';
import { site as aliexpress } from '../../../src/sites/aliexpress';
import { site as bilibili } from '../../../src/sites/bilibili';
import { site as ebay } from '../../../src/sites/ebay';
import { site as etsy } from '../../../src/sites/etsy';
import { site as jd } from '../../../src/sites/jd';
import { site as taobao } from '../../../src/sites/taobao';
import { FIXTURES, loadPage } from './fixture-kit';

const win = new Window({
  settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
});
afterAll(() => win.happyDOM.close());

/** Every list's items, read, for one captured page of a site. */
function readAll(adapter: SiteAdapter, file: string, pageUrl: string): PageItem[][] {
  const { doc } = loadPage(resolve(FIXTURES, adapter.id, file), new win.DOMParser() as unknown as DOMParser);
  const url = new URL(pageUrl);
  return adapter.findLists(doc, url).map((l) => l.items.map((el, i) => adapter.readItem(el, i, url)).filter((x) => x !== undefined));
}

// Replacement characters, and UTF-8 read as Latin-1 ("ç´¢å°¼" for 索尼), are what mojibake looks like.
const MOJIBAKE = /\ufffd|[\u00c0-\u00ff][\u0080-\u00bf]/;

describe('Chinese titles from the real captures', () => {
  it('JD search 2016: titles, prices and review counts as the page shows them', () => {
    const [results] = readAll(jd, 'search_jd_sony-headphones_2016.html', 'https://search.jd.com/Search?keyword=%E7%B4%A2%E5%B0%BC%E8%80%B3%E6%9C%BA');
    expect(results).toHaveLength(29);
    expect(results?.[0]).toEqual({
      id: '940275',
      title: '索尼（SONY） MDR-EX15LP 小巧入耳式耳机,佩戴舒适 半透明果冻色渐变机身 黑色',
      url: 'https://item.jd.com/940275.html',
      position: 0,
      price: '¥55.00',
      rating: '已有5.8万+人评价',
    });
    expect(results?.map((r) => r.title)).toContain('索尼（SONY）h.ear in Wireless MDR-EX750BT 无线立体声耳机（柠檬黄）');
    for (const r of results ?? []) expect(r.title).not.toMatch(MOJIBAKE);
  });

  it('Taobao item 2020: "邻家好货" panels, four items each, with prices', () => {
    const panels = readAll(taobao, 'item_taobao_keyboard-case_2020.html', 'https://item.taobao.com/item.htm?id=562283240178');
    expect(panels.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(panels[0]?.[0]).toMatchObject({ id: '552638085679', title: '儿童婴儿食物咬咬袋果蔬乐 宝宝牙胶硅胶磨牙吃水果咬袋辅食训练', price: '¥34.00' });
    expect(panels[1]?.[0]?.title).toBe('木工桌 工作台TDEER MOXON操作台 桌上型 小型台钳 实木双手轮');
    for (const r of panels.flat()) expect(r.title).not.toMatch(MOJIBAKE);
  });

  it('Bilibili home 2020: recommended, live and zone cards with uploader, views and duration', () => {
    const [recommended, live, zone] = readAll(bilibili, 'home_bilibili_2020.html', 'https://www.bilibili.com/');
    expect(recommended?.[1]).toEqual({
      id: 'BV1DZ4y1s7x1',
      title: '【半佛】丰巢调价背后的快递价格战争',
      url: 'https://www.bilibili.com/video/BV1DZ4y1s7x1',
      position: 1,
      channel: '硬核的半佛仙人',
      views: '25.3万播放',
    });
    expect(live?.[0]).toMatchObject({ id: 'live:21144080', title: 'RW侠 vs TES 2020KPL春季赛', channel: '哔哩哔哩王者荣耀赛事' });
    expect(zone?.[0]).toMatchObject({ title: '派大星：为什么我满腹经纶却无人分享？【人生导师派大星】', channel: '卧室里的派大星', views: '24.6万', duration: '02:28' });
    for (const r of [recommended, live, zone].flat()) expect(r?.title).not.toMatch(MOJIBAKE);
  });

  it('eBay: the "Neues Angebot" label inside a title is not part of it', () => {
    const [results] = readAll(ebay, 'search_ebay-de_apple_2022.html', 'https://www.ebay.de/sch/i.html?_nkw=apple');
    expect(results?.[4]?.title).toBe('Apple MacBook Pro 15" A1398, 16GB/256GB - MJLQ2D/A - OVP - Juni 2015 - Silber');
    expect(results?.[4]?.rating).toBe('4.5 von 5 Sternen.');
  });
});

describe('page kinds', () => {
  it.each([
    [ebay, 'https://www.ebay.de/itm/125633387556?hash=x', 'item'],
    [ebay, 'https://www.ebay.de/sch/i.html?_nkw=apple', 'search'],
    [ebay, 'https://www.ebay.com/', 'home'],
    [etsy, 'https://www.etsy.com/es/listing/550571276/el-original', 'item'],
    [etsy, 'https://www.etsy.com/search?q=doormat', 'search'],
    [etsy, 'https://www.etsy.com/de/', 'home'],
    [bilibili, 'https://www.bilibili.com/video/BV1DZ4y1s7x1', 'item'],
    [bilibili, 'https://search.bilibili.com/all?keyword=x', 'search'],
    [bilibili, 'https://www.bilibili.com/', 'home'],
    [jd, 'https://item.jd.com/940275.html', 'item'],
    [jd, 'https://search.jd.com/Search?keyword=x', 'search'],
    [jd, 'https://www.jd.com/', 'home'],
    [taobao, 'https://item.taobao.com/item.htm?id=562283240178', 'item'],
    [taobao, 'https://detail.tmall.com/item.htm?spm=a&id=1', 'item'],
    [taobao, 'https://s.taobao.com/search?q=x', 'search'],
    [aliexpress, 'https://he.aliexpress.com/item/32993251330.html', 'item'],
    [aliexpress, 'https://www.aliexpress.com/wholesale?SearchText=x', 'search'],
    [aliexpress, 'https://he.aliexpress.com/w/wholesale-se.html', 'search'],
  ] as const)('%#: %s', (adapter, href, kind) => {
    expect(adapter.pageKind(new URL(href), win.document as unknown as Document)).toBe(kind);
  });
});
