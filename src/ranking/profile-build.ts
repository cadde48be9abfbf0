/**
 * Async helpers that pair the pure fold with an injected embedder: the extension calls
 * `updateProfileWith` as events are stored, and `buildProfile` only when the encoder changes.
 */
import { addDocument } from './bm25';
import { createProfile } from './profile';
import type { Profile } from './profile';
import { applyEvents, eventText } from './profile-update';
import type { ProfileSettings } from './settings';
import type { Embedder, ProfileEvent } from './types';
import { unitOrNull } from './vector';

/** Embed texts, turning a failure or a wrong-length answer into nulls (lexical fallback). */
export async function safeEmbed(embedder: Embedder | null, texts: string[], kind: 'query' | 'passage'): Promise<Array<Float32Array | null>> {
  if (!embedder || texts.length === 0) return texts.map(() => null);
  try {
    const out = await embedder.embed(texts, kind);
    return texts.map((_, i) => unitOrNull(out[i] ?? null));
  } catch {
    return texts.map(() => null);
  }
}

/** Fold new events into `profile`, embedding their texts when the embedder matches the profile. */
export async function updateProfileWith(profile: Profile, events: readonly ProfileEvent[], embedder: Embedder | null): Promise<Profile> {
  const usable = embedder && embedder.id === profile.embedderId ? embedder : null;
  const vectors = await safeEmbed(usable, events.map(eventText), 'passage');
  return applyEvents(profile, events, vectors);
}

/** A profile from all of history (oldest first), e.g. after switching encoder. */
export async function buildProfile(events: readonly ProfileEvent[], embedder: Embedder | null, settings: Partial<ProfileSettings> = {}): Promise<Profile> {
  const sorted = [...events].sort((a, b) => a.time - b.time);
  return updateProfileWith(createProfile(embedder, settings), sorted, embedder);
}

/** Replace the steering anchors ("more …" / "less …") typed by the user. */
export async function setAnchors(profile: Profile, anchors: Array<{ text: string; sign: 1 | -1 }>, embedder: Embedder | null): Promise<Profile> {
  const usable = embedder && embedder.id === profile.embedderId ? embedder : null;
  const vecs = await safeEmbed(usable, anchors.map((a) => a.text), 'query');
  return { ...profile, anchors: anchors.map((a, i) => ({ text: a.text, sign: a.sign, vec: vecs[i] ?? null })) };
}

/** Count titles of a list seen on a page into the profile's corpus, so BM25 learns which words are common. */
export function observeTitles(profile: Profile, titles: readonly string[]): Profile {
  const corpus = structuredClone(profile.corpus);
  for (const t of titles) if (typeof t === 'string' && t) addDocument(corpus, t);
  return { ...profile, corpus };
}
