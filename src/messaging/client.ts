import { browser } from 'wxt/browser';
import type { Envelope, Reply, Req, Res, Verb } from './protocol';

/** Send one typed message to the background and unwrap its reply; errors become exceptions. */
export async function send<V extends Verb>(verb: V, payload: Req<V>): Promise<Res<V>> {
  const envelope: Envelope<V> = { lr: 1, verb, payload };
  const reply = (await browser.runtime.sendMessage(envelope)) as Reply<V> | undefined;
  if (!reply) throw new Error(`No answer to ${verb}`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
