/**
 * "A model was downloaded or deleted", from the page that did it (options) to the background,
 * whose model service remembers which models are installed. A BroadcastChannel reaches every
 * extension context of the same origin that is running; a background that was not running starts
 * with nothing remembered, so a missed message loses nothing.
 */
const CHANNEL = 'localrank-models';

export function announceModelsChanged(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const ch = new BroadcastChannel(CHANNEL);
  ch.postMessage({ modelsChanged: 1 });
  ch.close();
}

/** Calls `cb` on every announcement; returns the unsubscribe. */
export function onModelsChanged(cb: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const ch = new BroadcastChannel(CHANNEL);
  ch.onmessage = (e: MessageEvent) => {
    if ((e.data as { modelsChanged?: unknown } | null)?.modelsChanged === 1) cb();
  };
  return () => ch.close();
}
