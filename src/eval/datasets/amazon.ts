/**
 * amazon-games (LLMRank Games-6k), LLMRank protocol: for each user with a candidate line,
 * candidates = target + the first 19 items of that line with the target removed, shuffled with
 * a fixed seed; history = last ≤ 50 items. Hard settings use the `.sasrec` / `.bm25` lines,
 * optionally with items the user already has removed ("-unowned").
 *
 * A hard list is the retriever's top picks for the user, and the target is not always among
 * its 100 candidates (LLMRank adds it): for test targets it is in the SASRec line for about a
 * third of the users, for valid targets for over 90%. An added target is the odd one out of a
 * list of mutually similar picks, which rewards "least typical of the list" for reasons that
 * have nothing to do with the user; the runner therefore reports the two groups apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashString, seededRandom, shuffled } from '../rng';
import type { EvalDataset, EvalItem, EvalTask } from '../task';
import { syntheticTimes } from '../task';

const NOW = Date.UTC(2024, 0, 1);

function readTable(path: string, header: boolean): string[][] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  return (header ? lines.slice(1) : lines).map((l) => l.split('\t'));
}

function buildTask(user: string, history: string[], target: string, pool: string[], setting: string, titles: Map<string, string>, dropOwned: boolean): EvalTask {
  const owned = new Set(history);
  const negatives = pool.filter((id) => id !== target && !(dropOwned && owned.has(id))).slice(0, 19);
  const item = (id: string): EvalItem => ({ id, title: titles.get(id) ?? '' });
  const rand = seededRandom(hashString(`${setting}:${user}`));
  const candidates = shuffled([target, ...negatives], rand).map(item);
  const hist = syntheticTimes(history.slice(-50).map(item), NOW);
  const task: EvalTask = { user, history: hist, candidates, labels: candidates.map((c) => (c.id === target ? 1 : 0)), now: NOW, setting };
  // Hard lists: was the target among the retriever's own 100 candidates, or added to them?
  if (setting.endsWith('-unowned')) task.group = pool.includes(target) ? 'in-list' : 'added';
  return task;
}

/** Read the data set; `split` picks the target: `test` (last item) or `valid` (second to last, for tuning). */
export function readAmazon(dir: string, split: 'test' | 'valid'): EvalDataset {
  const titles = new Map(readTable(join(dir, 'Games-6k.item'), true).map(([id, t]) => [id ?? '', t ?? '']));
  const inter = new Map(readTable(join(dir, `Games-6k.${split}.inter`), true).map(([u, h, t]) => [u ?? '', { history: (h ?? '').split(' ').filter(Boolean), target: t ?? '' }]));
  const tasks: EvalTask[] = [];
  const settings: Array<[string, string, boolean]> = [['random', 'random', false], ['sasrec', 'sasrec', false], ['sasrec-unowned', 'sasrec', true], ['bm25', 'bm25', false], ['bm25-unowned', 'bm25', true]];
  for (const [setting, file, dropOwned] of settings) {
    for (const [user, list] of readTable(join(dir, `Games-6k.${file}`), false)) {
      const row = inter.get(user ?? '');
      const pool = (list ?? '').split(' ').filter(Boolean);
      if (user && row && row.history.length > 0) tasks.push(buildTask(user, row.history, row.target, pool, setting, titles, dropOwned));
    }
  }
  return {
    name: 'amazon-games',
    tasks,
    corpusTitles: [...titles.values()],
    metrics: ['ndcg@1', 'ndcg@5', 'ndcg@10', 'ndcg@20'],
    mainSetting: 'random',
    note: `targets from ${split}.inter`,
  };
}
