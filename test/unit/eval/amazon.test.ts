import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAmazon } from '../../../src/eval/datasets/amazon';

// A tiny data set in the Games-6k layout: items 0..29, two users.
const dir = mkdtempSync(join(tmpdir(), 'amazon-'));
const ids = Array.from({ length: 30 }, (_, i) => i);
writeFileSync(join(dir, 'Games-6k.item'), `item_id:token\ttitle:token_seq\n${ids.map((i) => `${i}\tGame ${i}`).join('\n')}\n`);
const inter = (rows: string[]): string => `user_id:token\titem_id_list:token_seq\titem_id:token\n${rows.join('\n')}\n`;
writeFileSync(join(dir, 'Games-6k.test.inter'), inter(['u1\t1 2 3\t4', 'u2\t5 6\t7']));
writeFileSync(join(dir, 'Games-6k.valid.inter'), inter(['u1\t1 2\t3', 'u2\t5\t6']));
const line = (u: string, items: number[]): string => `${u}\t${items.join(' ')}`;
// u1's target 4 is one of the retriever's candidates; u2's target 7 is not (it gets added).
const hard = [line('u1', [2, 4, ...ids.slice(10, 30)]), line('u2', [5, ...ids.slice(10, 30)])].join('\n');
writeFileSync(join(dir, 'Games-6k.sasrec'), `${hard}\n`);
writeFileSync(join(dir, 'Games-6k.bm25'), `${hard}\n`);
writeFileSync(join(dir, 'Games-6k.random'), `${[line('u1', ids.slice(8, 30)), line('u2', ids.slice(8, 30))].join('\n')}\n`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('amazon-games reader', () => {
  const ds = readAmazon(dir, 'test');
  const task = (user: string, setting: string) => ds.tasks.find((t) => t.user === user && t.setting === setting)!;

  it('builds 20 candidates with the target labelled, owned items removed in -unowned lists', () => {
    const t = task('u1', 'sasrec-unowned');
    expect(t.candidates).toHaveLength(20);
    expect(t.labels.filter(Boolean)).toHaveLength(1);
    expect(t.candidates[t.labels.indexOf(1)]!.id).toBe('4');
    expect(t.candidates.some((c) => c.id === '2')).toBe(false);
    expect(task('u1', 'sasrec').candidates.some((c) => c.id === '2')).toBe(true);
  });

  it('tags hard lists by whether the target was among the retriever candidates or added', () => {
    expect(task('u1', 'sasrec-unowned').group).toBe('in-list');
    expect(task('u2', 'sasrec-unowned').group).toBe('added');
    expect(task('u2', 'bm25-unowned').group).toBe('added');
    expect(task('u1', 'random').group).toBeUndefined();
  });
});

describe('runner', () => {
  it('reports hard-list groups beside the setting', async () => {
    const { runDataset } = await import('../../../src/eval/runner');
    const ds = readAmazon(dir, 'test');
    const r = runDataset({ ...ds, tasks: ds.tasks.filter((t) => t.setting === 'random' || t.setting === 'sasrec-unowned') }, { vec: null, encoderName: 'none', dims: 0, variants: [{ name: 'localrank' }], randomSeeds: 1, log: () => {} });
    expect(Object.keys(r.localrank!)).toEqual(expect.arrayContaining(['ndcg@10', 'ndcg@10:sasrec-unowned', 'ndcg@10:sasrec-unowned:in-list', 'ndcg@10:sasrec-unowned:added']));
  });
});
