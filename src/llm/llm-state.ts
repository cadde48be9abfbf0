import { storage } from 'wxt/utils/storage';
import type { SteeringAnchor } from '../ranking/steering';
import type { ProfileBasis } from './history-digest';

/** The interest profile in words, as shown (and editable) in the popup. */
export interface ProfileWords {
  /** Plain text (model output is cleaned and length-limited before it is stored). */
  text: string;
  /** Written by the on-device model, edited by the user, or none yet. */
  source: 'model' | 'user' | 'none';
  /** What history it was written from (model) or when it was edited (user). */
  basis?: ProfileBasis;
  /** Why the last attempt kept the previous text (refusal, garbage, token limit, failure). */
  note?: string;
}

/** Steering as the LLM structured it, for the text it was given. */
export interface LlmSteering {
  input: string;
  anchors: SteeringAnchor[];
  via: 'llm' | 'parser';
  note: string;
}

export interface LlmState {
  profile: ProfileWords;
  steering?: LlmSteering;
}

export const EMPTY_PROFILE: ProfileWords = { text: '', source: 'none' };

/** What the LLM produced, kept across service-worker restarts (small; history stays in IndexedDB). */
export const llmStateItem = storage.defineItem<LlmState>('local:llmState', { fallback: { profile: EMPTY_PROFILE }, version: 1 });
