/** Identity of an item across lists and history, for the already-seen adjustment. */
import { titleKey } from './tokenize';

/** Keys under which an item is remembered: the site's id when known, and its title words. */
export function itemKeys(site: string, item: { itemId?: string; title?: string; query?: string }): string[] {
  const keys: string[] = [];
  if (typeof item.itemId === 'string' && item.itemId) keys.push(`id:${site}:${item.itemId}`);
  const t = titleKey(item.title);
  if (t) keys.push(`t:${t}`);
  return keys;
}
