/** What the llm section measures per model and runtime (shared by the Node child, Chromium and the report). */

/** One generation, as the LLM worker reports it (src/ml/llm/llm-protocol.ts GenerateResult). */
export interface GenRun {
  promptTokens: number;
  reusedTokens: number;
  newTokens: number;
  ttftMs: number;
  prefillMs: number;
  decodeMs: number;
  stopped: string;
}

/** Top-K refinement time: first call (system-prompt cache cold) and later ones (warm), wall ms. */
export interface RefineRun {
  k: number;
  firstMs: number;
  warmMs: number[];
}

export interface LlmFigures {
  runtime: string;
  modelId: string;
  dtype: string;
  /** Worker start (browser) or engine creation (Node): files read, sha256 checked, session made. */
  loadMs: number;
  gens: GenRun[];
  refine: RefineRun[];
  memory: { what: string; bytes: number | undefined }[];
  notes: string[];
}
