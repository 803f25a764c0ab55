/**
 * The conversation script format (test/conversations/*.txt), read by `npm run conversations`
 * and by the corpus test:
 *
 *   ## booking with everything up front        a conversation starts; the rest of the line is its title
 *   @locale de                                 the browser's language (default: the file's name, e.g. de.txt)
 *   @now 2026-11-27T09:00:00Z                  the bot's clock (default 2026-11-22T09:00:00Z, a Sunday)
 *   @channel telegram                          the channel id (default webchat)
 *   @env INBOX_AGENTS=anna:secret              a setting for this conversation's bot
 *   @booking K7P3QX anna@example.com krakow consultation 2026-11-23T10:00
 *                                              a booking someone made before, in another conversation:
 *                                              code, contact, store, service, start (Berlin wall clock)
 *   > buch mir bitte eine beratung             the customer types this
 *   < booking.askStore                         the bot's next reply is this template (in the current language)
 *   < booking.askStore "Berlin"                … and its text or buttons contain "Berlin"
 *   < pl:language.switched                     … in Polish; from then on Polish is the current language
 *   < faq:opening-hours                        … the knowledge base's answer on that topic
 *   < card "Berlin"                            … a card (attachment) mentioning "Berlin"
 *   < *                                        … any reply (for texts no template covers)
 *
 * Every reply of a turn must be expected, in order: a turn with an extra or missing reply fails.
 */

export interface Expectation {
  /** Template key (`booking.askStore`), `faq:<topic>`, `card` or `*`. */
  key: string;
  /** The language the reply must be in; undefined means the conversation's current language. */
  locale?: string;
  /** Text that must appear in the reply's text, buttons or card. */
  contains?: string;
}

export interface Turn {
  says: string;
  expect: Expectation[];
  line: number;
}

/** A booking made before the conversation, in another one (another tab, another channel). */
export interface EarlierBooking {
  code: string;
  contact: string;
  storeId: string;
  serviceId: string;
  start: string;
}

export interface Conversation {
  title: string;
  file: string;
  line: number;
  locale: string;
  now: string;
  channelId: string;
  env: Record<string, string>;
  bookings: EarlierBooking[];
  turns: Turn[];
}

const DEFAULT_NOW = '2026-11-22T09:00:00Z';
const EXPECTATION = /^(?:(?<locale>[a-z]{2}):)?(?<key>[\w.:*-]+)(?:\s+"(?<contains>[^"]*)")?$/u;

export class ScriptError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

/** Reads every conversation of one script file; the file's base name (en.txt) is its default locale. */
export function parseScript(text: string, file: string): Conversation[] {
  const defaultLocale = /(?:^|\/)([a-z]{2})[^/]*\.txt$/u.exec(file)?.[1] ?? 'en';
  const conversations: Conversation[] = [];
  let current: Conversation | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const at = index + 1;
    if (!line || line.startsWith('#') && !line.startsWith('##')) return;
    if (line.startsWith('##')) {
      current = { title: line.slice(2).trim(), file, line: at, locale: defaultLocale, now: DEFAULT_NOW, channelId: 'webchat', env: {}, bookings: [], turns: [] };
      conversations.push(current);
      return;
    }
    if (!current) throw new ScriptError(file, at, 'a conversation starts with "## title"');
    if (line.startsWith('@')) return setOption(current, line, at);
    if (line.startsWith('>')) {
      current.turns.push({ says: line.slice(1).trim(), expect: [], line: at });
      return;
    }
    if (line.startsWith('<')) {
      const turn = current.turns.at(-1);
      if (!turn) throw new ScriptError(file, at, 'a reply is expected only after the customer says something');
      const match = EXPECTATION.exec(line.slice(1).trim());
      if (!match?.groups?.key) throw new ScriptError(file, at, `cannot read the expectation "${line}"`);
      const { key, locale, contains } = match.groups;
      turn.expect.push({ key, ...(locale ? { locale } : {}), ...(contains !== undefined ? { contains } : {}) });
      return;
    }
    throw new ScriptError(file, at, `a line starts with ##, @, > or <: "${line}"`);
  });
  return conversations;
}

function setOption(conversation: Conversation, line: string, at: number): void {
  const [name, ...rest] = line.slice(1).split(/\s+/u);
  const value = rest.join(' ');
  if (name === 'locale') conversation.locale = value;
  else if (name === 'now') conversation.now = value;
  else if (name === 'channel') conversation.channelId = value;
  else if (name === 'env') {
    const eq = value.indexOf('=');
    if (eq < 1) throw new ScriptError(conversation.file, at, '@env takes NAME=value');
    conversation.env[value.slice(0, eq)] = value.slice(eq + 1);
  } else if (name === 'booking') {
    const [code, contact, storeId, serviceId, start, ...extra] = rest;
    if (!code || !contact || !storeId || !serviceId || !start || extra.length > 0) throw new ScriptError(conversation.file, at, '@booking takes CODE CONTACT STORE SERVICE START');
    conversation.bookings.push({ code, contact, storeId, serviceId, start });
  } else throw new ScriptError(conversation.file, at, `unknown option @${name ?? ''}`);
}
