/**
 * Public API of the pure ranking core. The extension keeps one `Profile` (stored with
 * history), folds events in with `updateProfileWith`, and ranks each page list with
 * `rankWithEmbedder` (or `rankItems` when it already has vectors).
 */
export type { Embedder, EmbedKind, ItemExplanation, PageItem, ProfileEvent, RankMethod, RankResult, Reason, ReasonKind } from './types';
export type { Profile, Interest, MemoryItem, Anchor } from './profile';
export { createProfile, evidence } from './profile';
export { applyEvents, eventWeight } from './profile-update';
export { buildProfile, observeTitles, setAnchors, updateProfileWith } from './profile-build';
export { rankItems, rankWithEmbedder, isPermutation } from './rank';
export type { RankInput } from './rank';
export { DEFAULT_PROFILE_SETTINGS, DEFAULT_RANK_SETTINGS, resolveRankSettings } from './settings';
export type { FeatureWeights, ProfileSettings, RankSettings } from './settings';
export { LexicalEmbedder } from './lexical-embedder';
export { emptyCorpus, addDocument } from './bm25';
export type { CorpusStats } from './bm25';
export { tokenize } from './tokenize';
