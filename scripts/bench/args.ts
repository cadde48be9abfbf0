/** Command line of `npm run bench`. */

/** Sections of the bench, in the order they run. */
export const SECTIONS = ['node', 'wasm', 'webgpu', 'realsize', 'llm', 'ranking', 'loop'] as const;

/** One bench section: onnxruntime-node, the extension on WASM, on WebGPU (SwiftShader), real-shape models, the LLM, ranking, the page loop. */
export type Section = (typeof SECTIONS)[number];

/** Parsed options. */
export interface BenchOptions {
  /** Fewer repetitions and embeddings: a short run whose percentiles are rough. */
  readonly quick: boolean;
  /** Sections to run (all unless `--only`). */
  readonly sections: ReadonlySet<Section>;
  /** Warm runs per batch size. */
  readonly runs: number;
  /** Embeddings computed by one worker before its memory is read. */
  readonly memoryAfter: number;
}

const USAGE = `usage: npm run bench -- [--quick] [--only ${SECTIONS.join('|')}[,…]]`;

const isSection = (s: string): s is Section => (SECTIONS as readonly string[]).includes(s);

/** Parse `argv` (without node and script); throws with the usage line on anything unknown. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  let quick = false;
  let only: Section[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const value = a === '--only' ? argv[++i] : a.slice('--only='.length);
      const names = (value ?? '').split(',').filter(Boolean);
      if (!names.length || !names.every(isSection)) throw new Error(`--only takes ${SECTIONS.join(', ')}\n${USAGE}`);
      only = names as Section[];
    } else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return { quick, sections: new Set(only ?? SECTIONS), runs: quick ? 3 : 10, memoryAfter: quick ? 200 : 1000 };
}
