import { describe, expect, it } from 'vitest';
import { decodePage } from './fixture-kit';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('decodePage (fixtures are read the way a browser reads them)', () => {
  it('reads GB18030 bytes that claim UTF-8 as GB18030, without mojibake', () => {
    // "索尼耳机" in GBK, inside a page whose <meta> says utf-8 (as some Chinese captures do).
    const bytes = new Uint8Array([...ascii('<meta charset="utf-8"><title>'), 0xcb, 0xf7, 0xc4, 0xe1, 0xb6, 0xfa, 0xbb, 0xfa, ...ascii('</title>')]);
    expect(decodePage(bytes)).toEqual({ text: '<meta charset="utf-8"><title>索尼耳机</title>', charset: 'gb18030' });
  });
  it('honours a non-UTF-8 <meta> charset when the bytes are not UTF-8', () => {
    const bytes = new Uint8Array([...ascii('<meta charset="windows-1252">caf'), 0xe9]);
    expect(decodePage(bytes)).toEqual({ text: '<meta charset="windows-1252">café', charset: 'windows-1252' });
  });
  it('keeps valid UTF-8 (with or without a BOM) as UTF-8', () => {
    expect(decodePage(new TextEncoder().encode('<p>José</p>')).charset).toBe('utf-8');
    expect(decodePage(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('ü')])).text).toBe('ü');
  });
});
