import type { SentMessage } from '../../lambdas/local/outbox-page';
import type { TestService } from './local-service';

/** Every message the local service sent, newest first, read from /_dev/outbox as JSON. */
export async function outbox(service: TestService): Promise<SentMessage[]> {
  const response = await fetch(`${service.url}/_dev/outbox`, { headers: { accept: 'application/json' } });
  return ((await response.json()) as { messages: SentMessage[] }).messages;
}

export async function messagesTo(service: TestService, address: string): Promise<SentMessage[]> {
  return (await outbox(service)).filter((m) => m.to === address);
}

/** The first link in a message's body that contains `path`. */
export function linkIn(message: SentMessage | undefined, path: string): string {
  const link = message?.body.match(/https?:\/\/\S+/g)?.find((url) => url.includes(path));
  if (!link) throw new Error(`no ${path} link in ${JSON.stringify(message?.body)}`);
  return link;
}

/**
 * Confirms an email subscription as a person does: the link (a GET) only shows a page, and its
 * button POSTs to the same address.
 */
export function pressConfirm(link: string): Promise<Response> {
  return fetch(link, { method: 'POST', headers: { accept: 'text/html' } });
}
