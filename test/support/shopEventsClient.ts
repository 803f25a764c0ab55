import type { Activity } from 'botbuilder';
import { signatureHeader } from '../../bots/http/signature';
import { directLineClient, generateToken } from './directLineClient';

/** EVENTS_SECRET in the shop-event tests. */
export const EVENTS_SECRET = 'shop-events-secret-0123456789';

/** Posts an event as the shop's systems do: signed over the exact bytes sent, with the real clock. */
export async function postShopEvent(baseUrl: string, body: unknown, secret = EVENTS_SECRET): Promise<{ status: number; body: Record<string, unknown> }> {
  const raw = JSON.stringify(body);
  const headers = { 'content-type': 'application/json', 'switchboard-signature': signatureHeader(raw, secret, Math.floor(Date.now() / 1000)) };
  const res = await fetch(`${baseUrl}/api/events`, { method: 'POST', headers, body: raw });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * One web chat conversation through Direct Line, past its welcome message: `say` resolves with
 * the bot's next `replies` messages, `next` with messages it sends unasked, `unread` counts those
 * not taken yet.
 */
export async function webChatCustomer(baseUrl: string, locale: string) {
  const { token } = await generateToken(baseUrl, locale);
  const client = directLineClient(baseUrl, token, { webSocket: false });
  let seen = (await client.botReplies(1)).length;
  const take = async (count: number): Promise<Partial<Activity>[]> => {
    const fresh = (await client.botReplies(seen + count)).slice(seen, seen + count);
    seen += count;
    return fresh;
  };
  return {
    say: async (text: string, replies: number) => {
      await client.say(text, locale);
      return take(replies);
    },
    next: (count = 1) => take(count),
    unread: () => client.fromBot().length - seen,
    end: () => client.end(),
  };
}

/** The same conversation, reading only the messages' texts. */
export async function webChatTexts(baseUrl: string, locale: string) {
  const chat = await webChatCustomer(baseUrl, locale);
  const texts = (activities: Partial<Activity>[]) => activities.map((a) => a.text ?? '');
  return { ...chat, say: async (text: string, replies: number) => texts(await chat.say(text, replies)), next: async (count = 1) => texts(await chat.next(count)) };
}
