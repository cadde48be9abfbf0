/**
 * movielens-100k, next-movie ranking: per user, ratings in time order; the target is the last
 * rated movie (`valid`: the second to last), history the ≤ 50 before it, and 19 negatives are
 * drawn with a fixed seed from movies the user never rated. Item text = title + genres.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashString, seededRandom, shuffled } from '../rng';
import type { EvalDataset, EvalTask } from '../task';

function readItems(dir: string): Map<string, string> {
  const genres = new TextDecoder('latin1').decode(readFileSync(join(dir, 'u.genre'))).split('\n').map((l) => l.split('|')[0] ?? '');
  const lines = new TextDecoder('latin1').decode(readFileSync(join(dir, 'u.item'))).split('\n');
  const items = new Map<string, string>();
  for (const l of lines) {
    const f = l.split('|');
    if (f.length < 6 || !f[0]) continue;
    const g = f.slice(5).flatMap((flag, i) => (flag === '1' && genres[i] !== 'unknown' ? [genres[i] ?? ''] : []));
    items.set(f[0], `${f[1] ?? ''} - ${g.join(', ')}`);
  }
  return items;
}

function userTask(user: string, rows: Array<[string, number]>, items: Map<string, string>, split: 'test' | 'valid'): EvalTask | null {
  const cut = split === 'test' ? rows.length - 1 : rows.length - 2;
  const target = rows[cut];
  if (!target || cut < 1) return null;
  const rated = new Set(rows.map((r) => r[0]));
  const rand = seededRandom(hashString(`ml:${split}:${user}`));
  const ids = [...items.keys()];
  const negatives = new Set<string>();
  while (negatives.size < 19) {
    const id = ids[Math.floor(rand() * ids.length)] ?? '';
    if (!rated.has(id)) negatives.add(id);
  }
  const candidates = shuffled([target[0], ...negatives], rand).map((id) => ({ id, title: items.get(id) ?? '' }));
  const history = rows.slice(Math.max(0, cut - 50), cut).map(([id, t]) => ({ id, title: items.get(id) ?? '', time: t }));
  return { user, history, candidates, labels: candidates.map((c) => (c.id === target[0] ? 1 : 0)), now: target[1], setting: 'main' };
}

export function readMovielens(dir: string, split: 'test' | 'valid'): EvalDataset {
  const items = readItems(dir);
  const byUser = new Map<string, Array<[string, number]>>();
  for (const l of readFileSync(join(dir, 'u.data'), 'utf8').split('\n')) {
    const [u, i, , ts] = l.split('\t');
    if (!u || !i || !ts) continue;
    const list = byUser.get(u) ?? [];
    list.push([i, Number(ts) * 1000]);
    byUser.set(u, list);
  }
  const tasks: EvalTask[] = [];
  for (const [u, rows] of [...byUser].sort((a, b) => Number(a[0]) - Number(b[0]))) {
    rows.sort((a, b) => a[1] - b[1] || Number(a[0]) - Number(b[0]));
    const t = userTask(u, rows, items, split);
    if (t) tasks.push(t);
  }
  return { name: 'movielens-100k', tasks, corpusTitles: [...items.values()], metrics: ['ndcg@10'], mainSetting: 'main', note: `${split === 'test' ? 'last' : 'second-to-last'} rating as target` };
}
