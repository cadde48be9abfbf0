import { afterEach, describe, expect, it, vi } from 'vitest';
import { addBadge, removeBadges } from '../../../src/dom/badges';

// The badge's shadow root is closed (the page cannot read the reasons); the test keeps a handle.
const roots: ShadowRoot[] = [];
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init: ShadowRootInit) {
  const r = attach.call(this, init);
  roots.push(r);
  return r;
};
afterEach(() => (roots.length = 0));

describe('badges', () => {
  it('show reasons as text, closed to the page, and report "not interested"', () => {
    const slot = document.createElement('li');
    document.body.append(slot);
    const dismiss = vi.fn();
    const host = addBadge(slot, 'up', [{ direction: 'up', kind: 'similar-to', text: 'similar to “<img src=x onerror=alert(1)>”' }], dismiss);
    expect(host.shadowRoot).toBeNull();
    const root = roots[0]!;
    expect(root.querySelectorAll('img').length).toBe(0);
    const button = root.querySelector('button')!;
    expect(button.title).toBe('LocalRank moved this up: similar to “<img src=x onerror=alert(1)>”');
    const navigate = new MouseEvent('click', { bubbles: true, cancelable: true });
    button.dispatchEvent(navigate);
    expect(navigate.defaultPrevented).toBe(true); // a badge inside a link never navigates
    expect(root.querySelector('.pop')!.classList.contains('open')).toBe(true);
    (root.querySelector('.no') as HTMLButtonElement).click();
    expect(dismiss).toHaveBeenCalledTimes(1);
    removeBadges(slot);
    expect(slot.childElementCount).toBe(0);
  });
});
