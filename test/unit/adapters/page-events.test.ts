import { describe, expect, it } from 'vitest';
import { readClick, readPageEvents } from '../../../src/adapters/page-events';
import { SITES, matchesPattern, siteById, siteForUrl, siteIdForUrl } from '../../../src/adapters/registry';

function doc(html: string): Document {
  const d = document.implementation.createHTMLDocument('');
  d.documentElement.innerHTML = html;
  return d;
}

describe('site registry', () => {
  it('has the eight promised sites, each id equal to its file name', () => {
    expect(SITES.map((s) => s.id).sort()).toEqual(['aliexpress', 'amazon', 'bilibili', 'ebay', 'etsy', 'jd', 'taobao', 'youtube']);
  });
  it.each([
    ['*://www.youtube.com/*', 'https://www.youtube.com/watch?v=1', true],
    ['*://www.youtube.com/*', 'http://www.youtube.com/', true],
    ['*://www.youtube.com/*', 'https://youtube.com.evil.net/', false],
    ['*://*.amazon.de/*', 'https://www.amazon.de/dp/B01', true],
    ['*://*.amazon.de/*', 'https://amazon.de/', true],
    ['*://*.amazon.de/*', 'https://notamazon.de/', false],
    ['*://*.amazon.de/*', 'ftp://www.amazon.de/', false],
    ['https://*.jd.com/*', 'http://item.jd.com/1.html', false],
  ])('%s matches %s: %s', (pattern, url, ok) => {
    expect(matchesPattern(pattern, new URL(url))).toBe(ok);
  });
  it('maps URLs to sites, and others to a generic id', () => {
    expect(siteForUrl(new URL('https://item.jd.com/100012043978.html'))?.id).toBe('jd');
    expect(siteIdForUrl(new URL('https://shop.example.org/p/1'))).toBe('generic:shop.example.org');
  });
});

describe('readPageEvents', () => {
  const yt = siteById('youtube')!;
  const amazon = siteById('amazon')!;
  it('reads a YouTube watch page as a view with its Open Graph title', () => {
    const d = doc('<head><meta property="og:title" content="ElixirConf Keynote"><title>x - YouTube</title></head>');
    expect(readPageEvents(d, new URL('https://www.youtube.com/watch?v=abcdefghijk&t=1'), yt)).toEqual([
      { kind: 'view', url: 'https://www.youtube.com/watch?v=abcdefghijk&t=1', title: 'ElixirConf Keynote' },
    ]);
  });
  it('reads a search results page as a search', () => {
    expect(readPageEvents(doc('<title>r</title>'), new URL('https://www.youtube.com/results?search_query=ramen+recipe'), yt)).toEqual([
      { kind: 'search', url: 'https://www.youtube.com/results?search_query=ramen+recipe', title: 'ramen recipe', query: 'ramen recipe' },
    ]);
  });
  it('uses a same-site canonical link and ignores a foreign one', () => {
    const url = new URL('https://www.amazon.com/Some-Slug/dp/B08N5WRWNW?ref=x');
    const same = doc('<head><link rel="canonical" href="https://www.amazon.com/dp/B08N5WRWNW"><title>Echo</title></head>');
    const foreign = doc('<head><link rel="canonical" href="https://evil.example/"><title>Echo</title></head>');
    expect(readPageEvents(same, url, amazon)[0]?.url).toBe('https://www.amazon.com/dp/B08N5WRWNW');
    expect(readPageEvents(foreign, url, amazon)[0]?.url).toBe(url.href);
  });
  it('records nothing on a page that is neither an item nor a search', () => {
    expect(readPageEvents(doc('<title>Home</title>'), new URL('https://www.youtube.com/'), yt)).toEqual([]);
  });
  it('recognises a generic product page by Open Graph type', () => {
    const d = doc('<head><meta property="og:type" content="product"><title>Mug</title></head>');
    expect(readPageEvents(d, new URL('https://shop.example.org/p/1'), undefined)).toEqual([
      { kind: 'view', url: 'https://shop.example.org/p/1', title: 'Mug' },
    ]);
  });
  it('reads clicks on item links of the same site only', () => {
    const d = doc('<body><a id="a" href="/watch?v=zzzzzzzzzzz" title="Next video"><span id="s">x</span></a><a id="b" href="https://other.example/watch?v=zzzzzzzzzzz">o</a></body>');
    const page = new URL('https://www.youtube.com/');
    expect(readClick(d.getElementById('s'), page, yt)).toEqual({ kind: 'click', url: 'https://www.youtube.com/watch?v=zzzzzzzzzzz', title: 'Next video' });
    expect(readClick(d.getElementById('b'), page, yt)).toBeUndefined();
    expect(readClick(null, page, yt)).toBeUndefined();
  });
});
