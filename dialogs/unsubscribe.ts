import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Activity, Entity } from '../bots/botFramework';
import type { Locale } from '../bots/config';
import { isMessageTopic, type MessageTopic } from './optOuts';

/** The entity that marks a message the customer can opt out of, with its one-click link if there is one. */
const UNSUBSCRIBE_ENTITY = 'switchboard/unsubscribe';

export interface UnsubscribeMark extends Entity {
  type: typeof UNSUBSCRIBE_ENTITY;
  topic: MessageTopic;
  /** An https link that opts out with one POST (RFC 8058); absent without PUBLIC_URL or a secret. */
  url?: string;
}

/** Marks `activity` (a message the bot sends unasked) as one of `topic`; renderers add what their platform has for it. */
export function markUnsubscribable(activity: Partial<Activity>, topic: MessageTopic, url: string | undefined): void {
  const mark: UnsubscribeMark = { type: UNSUBSCRIBE_ENTITY, topic, ...(url ? { url } : {}) };
  activity.entities = [...(activity.entities ?? []), mark];
}

export function unsubscribeOf(activity: Partial<Activity>): UnsubscribeMark | undefined {
  return activity.entities?.find((entity): entity is UnsubscribeMark => entity.type === UNSUBSCRIBE_ENTITY && isMessageTopic((entity as { topic?: unknown }).topic));
}

export const UNSUBSCRIBE_ROUTE = '/api/unsubscribe';

/**
 * Links that opt a customer out of a topic without signing in, as a mail client's unsubscribe
 * button needs: the customer and topic in the token, signed with a key derived from EVENTS_SECRET,
 * so nobody can unsubscribe someone else by guessing. They do not expire: a mail read months
 * later must still unsubscribe.
 */
export class UnsubscribeLinks {
  private readonly key: Buffer | undefined;

  constructor(
    private readonly publicUrl: string | undefined,
    secret: string | undefined,
  ) {
    this.key = secret ? createHmac('sha256', secret).update('switchboard unsubscribe links').digest() : undefined;
  }

  /** The link for `customerKey` and `topic`; `locale` is the language of the page it opens. */
  linkFor(customerKey: string, topic: MessageTopic, locale: Locale): string | undefined {
    if (!this.key || !this.publicUrl) return undefined;
    const body = Buffer.from(JSON.stringify({ c: customerKey, t: topic, l: locale })).toString('base64url');
    return `${this.publicUrl.replace(/\/+$/u, '')}${UNSUBSCRIBE_ROUTE}?token=${body}.${this.sign(body)}`;
  }

  /** Whom and what a token is for; undefined when it was not made here. */
  read(token: string): { customerKey: string; topic: MessageTopic; locale: string | undefined } | undefined {
    if (!this.key) return undefined;
    const [body, signature, ...rest] = token.split('.');
    if (!body || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const { c, t, l } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { c?: unknown; t?: unknown; l?: unknown };
      return typeof c === 'string' && isMessageTopic(t) ? { customerKey: c, topic: t, locale: typeof l === 'string' ? l : undefined } : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key ?? Buffer.alloc(0)).update(body).digest('base64url');
  }
}
