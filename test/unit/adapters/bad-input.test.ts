import { describe, expect, it } from 'vitest';
import { genericAdapter } from '../../../src/adapters/generic';
import { site as amazon } from '../../../src/sites/amazon';
import { site as youtube } from '../../../src/sites/youtube';
import { cleanText, MAX_TITLE } from '../../../src/adapters/text';
import { applyOrder } from '../../../src/dom/reorder';

const YT = new URL('https://www.youtube.com/watch?v=abcdefghijk');
const SHOP = new URL('https://shop.example.org/c/mugs');

function doc(body: string): Document {
  const d = document.implementation.createHTMLDocument('t');
  d.body.innerHTML = body;
  return d;
}

/** A YouTube up-next sidebar in the 2022 rendered markup (structure of the captured fixture). */
function upNext(cards: string[]): string {
  return `<ytd-watch-next-secondary-results-renderer><div id="items"><ytd-item-section-renderer><div id="contents">${cards.join('')}</div></ytd-item-section-renderer></div></ytd-watch-next-secondary-results-renderer>`;
}
const card = (id: string, title: string) =>
  `<ytd-compact-video-renderer><a id="thumbnail" href="/watch?v=${id}"></a><span id="video-title">${title}</span></ytd-compact-video-renderer>`;

/** A shop page with `n` product cards. */
function shop(n: number, title = (i: number) => `Hand-thrown stoneware mug no. ${i}`): string {
  const cards = Array.from({ length: n }, (_, i) => `<li class="product"><a href="/p/${i}"><img src="/i/${i}.jpg" alt=""><h3>${title(i)}</h3></a><span class="price">€${i}</span></li>`);
  return `<main><ul class="grid">${cards.join('')}</ul></main>`;
}

describe('adapters on bad input', () => {
  it('skips items without titles or ids rather than inventing them', () => {
    const d = doc(upNext([card('aaaaaaaaaaa', 'One'), card('bbbbbbbbbbb', '   '), '<ytd-compact-video-renderer><span id="video-title">No link</span></ytd-compact-video-renderer>']));
    const [list] = youtube.findLists(d, YT);
    expect(list?.items).toHaveLength(3);
    expect(list?.items.map((el, i) => youtube.readItem(el, i, YT)?.title)).toEqual(['One', undefined, undefined]);
  });

  it('keeps duplicated items (same video twice) as two items in their own slots', () => {
    const d = doc(upNext([card('aaaaaaaaaaa', 'Same'), card('bbbbbbbbbbb', 'Other'), card('aaaaaaaaaaa', 'Same')]));
    const [list] = youtube.findLists(d, YT);
    expect(list?.items.map((el, i) => youtube.readItem(el, i, YT)?.id)).toEqual(['aaaaaaaaaaa', 'bbbbbbbbbbb', 'aaaaaaaaaaa']);
    if (list) applyOrder(list, [2, 1, 0]).restore();
  });

  it('does not count items nested inside items, and leaves shared slots in place', () => {
    const nested = `<ytd-compact-video-renderer><a id="thumbnail" href="/watch?v=ccccccccccc"></a><span id="video-title">Outer</span>${card('ddddddddddd', 'Inner')}</ytd-compact-video-renderer>`;
    const shared = `<div>${card('eeeeeeeeeee', 'Shared 1')}${card('fffffffffff', 'Shared 2')}</div>`;
    const d = doc(upNext([card('aaaaaaaaaaa', 'A'), nested, shared, card('bbbbbbbbbbb', 'B')]));
    const [list] = youtube.findLists(d, YT);
    expect(list?.items.map((el, i) => youtube.readItem(el, i, YT)?.title)).toEqual(['A', 'Outer', 'B']);
  });

  it('reads hostile titles as capped plain text', () => {
    const hostile = '<img src=x onerror=alert(1)>\u202eevil\u202c ' + 'x'.repeat(10_000);
    const d = doc(upNext([card('aaaaaaaaaaa', 'ok'), card('bbbbbbbbbbb', '')]));
    d.querySelectorAll('#video-title')[1]!.textContent = hostile;
    const [list] = youtube.findLists(d, YT);
    const item = list && youtube.readItem(list.items[1]!, 1, YT);
    expect(item?.title.startsWith('<img src=x onerror=alert(1)> evil')).toBe(true);
    expect(item?.title.length).toBeLessThanOrEqual(MAX_TITLE);
    expect(cleanText('a\u0000b\u2066c\u2069 \n d')).toBe('a b c d');
  });

  it('refuses javascript: links', () => {
    const d = doc(shop(5).replace('href="/p/0"', 'href="javascript:alert(1)"'));
    const [list] = genericAdapter.findLists(d, SHOP);
    expect(list && genericAdapter.readItem(list.items[0]!, 0, SHOP)).toBeUndefined();
  });

  it('handles 5,000 items', () => {
    const d = doc(shop(5000));
    const [list] = genericAdapter.findLists(d, SHOP);
    expect(list?.items).toHaveLength(5000);
    expect(list && genericAdapter.readItem(list.items[4999]!, 4999, SHOP)).toMatchObject({ id: 'https://shop.example.org/p/4999', price: '€4999' });
  });

  it('finds nothing on an Amazon or YouTube page whose layout it does not know', () => {
    const d = doc('<div id="search"><div class="s-unknown-2030">' + shop(6) + '</div></div>');
    expect(amazon.findLists(d, new URL('https://www.amazon.de/s?k=x'))).toEqual([]);
    expect(youtube.findLists(d, YT)).toEqual([]);
  });
});

describe('generic adapter stays away from what is not a list of cards', () => {
  it.each([
    ['an article with paragraphs', `<article>${'<p>Some long paragraph text that goes on and on.</p>'.repeat(12)}</article>`],
    ['a navigation menu', `<nav><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/s/${i}"><img src="i.png">Section number ${i} here</a></li>`).join('')}</ul></nav>`],
    ['text-only link lists (no images)', `<ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/doc/${i}">Documentation page number ${i}</a></li>`).join('')}</ul>`],
    ['fewer than four cards', shop(3)],
    ['cards with short names (reviewers, tags)', shop(6, (i) => `Ann ${i}`)],
    ['mixed children where cards are a minority', `<div>${shop(4).replace(/<\/?main>|<\/?ul[^>]*>/g, '')}${'<p>filler</p>'.repeat(6)}</div>`],
  ])('%s', (_name, body) => {
    const d = doc(body);
    const before = d.body.innerHTML;
    expect(genericAdapter.findLists(d, SHOP)).toEqual([]);
    expect(d.body.innerHTML).toBe(before);
  });

  it('finds the outer list once, not lists nested inside its cards', () => {
    const inner = `<ul>${Array.from({ length: 4 }, (_, i) => `<li class="v"><a href="/v/${i}"><img src="v.png"><h4>Colour variant number ${i}</h4></a></li>`).join('')}</ul>`;
    const d = doc(shop(5).replace(/<\/li>/g, `${inner}</li>`));
    const lists = genericAdapter.findLists(d, SHOP);
    expect(lists).toHaveLength(1);
    expect(lists[0]?.items).toHaveLength(5);
  });
});
