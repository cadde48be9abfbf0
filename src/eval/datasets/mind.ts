/**
 * mind-recprompt (RecPrompt impressions from MIND-small): per impression, history titles
 * (oldest first) and the shown candidates with clicked ones labelled. The candidate order is
 * not a documented screen order, so it is shuffled with a fixed seed and carries no prior.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../csv';
import { hashString, seededRandom, shuffled } from '../rng';
import type { EvalDataset, EvalTask } from '../task';
import { syntheticTimes } from '../task';

const NOW = Date.UTC(2019, 10, 15);

/** "H1: title" lines → titles in order; the prefix letter is H or C. */
export function numberedLines(cell: string, prefix: 'H' | 'C'): Array<[string, string]> {
  const re = new RegExp(`^${prefix}(\\d+):\\s?(.*)$`);
  const out: Array<[string, string]> = [];
  for (const line of cell.split('\n')) {
    const m = re.exec(line);
    if (m) out.push([`${prefix}${m[1]}`, m[2] ?? '']);
    else if (out.length && line.trim()) out[out.length - 1]![1] += ` ${line.trim()}`;
  }
  return out;
}

function toTask(rec: Record<string, string>, file: string): EvalTask | null {
  const history = numberedLines(rec.history ?? '', 'H');
  const cands = numberedLines(rec.candidate ?? '', 'C');
  const clicked = new Set((rec.label ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  if (cands.length < 2 || clicked.size === 0 || history.length === 0) return null;
  const user = rec.history ?? '';
  const id = `${file}:${rec.impression_id ?? ''}`;
  const rand = seededRandom(hashString(`mind:${id}`));
  const candidates = shuffled(cands, rand).map(([cid, title]) => ({ id: `${id}:${cid}`, title, clicked: clicked.has(cid) }));
  return {
    user,
    history: syntheticTimes(history.map(([hid, title]) => ({ id: `${id}:${hid}`, title })), NOW),
    candidates: candidates.map(({ id: cid, title }) => ({ id: cid, title })),
    labels: candidates.map((c) => (c.clicked ? 1 : 0)),
    now: NOW,
    setting: 'main',
  };
}

/** `test` reports on sampled_1000_order + sample400by_ratio; `valid` (tuning) is sampled_100. */
export function readMind(dir: string, split: 'test' | 'valid'): EvalDataset {
  const files = split === 'valid' ? ['sampled_100.csv'] : ['sampled_1000_order.csv', 'sample400by_ratio.csv'];
  const tasks: EvalTask[] = [];
  for (const f of files.filter((f) => existsSync(join(dir, f)))) {
    for (const rec of parseCsvRecords(readFileSync(join(dir, f), 'utf8'))) {
      const t = toTask(rec, f);
      if (t) tasks.push(t);
    }
  }
  const corpusTitles = tasks.flatMap((t) => [...t.history, ...t.candidates].map((x) => x.title));
  return { name: 'mind-recprompt', tasks, corpusTitles, metrics: ['auc', 'mrr', 'ndcg@5', 'ndcg@10'], mainSetting: 'main', note: `files: ${files.join(' + ')}` };
}
