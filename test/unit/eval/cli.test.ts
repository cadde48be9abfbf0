import { describe, expect, it } from 'vitest';
import { parseEvalArgs } from '../../../src/eval/cli';

describe('eval command line', () => {
  it('--json alone prints JSON on stdout', () => {
    const o = parseEvalArgs(['--json', '--split', 'valid'], '/r');
    expect(o).toMatchObject({ json: true, jsonFile: null, split: 'valid' });
  });

  it('--json FILE and --json=FILE write to a file instead', () => {
    expect(parseEvalArgs(['--json', 'out.json', '--only', 'amazon-games'], '/r')).toMatchObject({ json: false, jsonFile: 'out.json', only: ['amazon-games'] });
    expect(parseEvalArgs(['--json=x.json'], '/r')).toMatchObject({ json: false, jsonFile: 'x.json' });
  });

  it('reads the settings to keep', () => {
    expect(parseEvalArgs(['--settings', 'random,sasrec-unowned'], '/r')).toMatchObject({ settings: ['random', 'sasrec-unowned'] });
    expect(parseEvalArgs([], '/r')).toMatchObject({ settings: [] });
  });

  it('reads variants and help', () => {
    expect(parseEvalArgs(['--variants', 'localrank,localrank-no-bm25', '-h'], '/r')).toMatchObject({ variants: ['localrank', 'localrank-no-bm25'], help: true });
  });
});
