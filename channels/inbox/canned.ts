import type { Locale } from '../../bots/config';
import replies from './cannedReplies.json';

export interface CannedReply {
  id: string;
  title: string;
  text: string;
}

const BY_LOCALE: Record<Locale, CannedReply[]> = replies;

/** Ready-made replies an agent can insert, in the customer's language (cannedReplies.json). */
export function cannedReplies(locale: Locale): CannedReply[] {
  return BY_LOCALE[locale];
}
