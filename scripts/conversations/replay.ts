import { ActivityTypes, InputHints, TestAdapter, type Activity } from 'botbuilder';
import { createBot } from '../../index';
import { loadConfig } from '../../bots/config';
import { silentLogger } from '../../bots/logger';
import { channelTraits } from '../../bots/pipeline/channelTraits';
import { MemoryStore } from '../../bots/state/memoryStore';
import { StoredBookingService } from '../../dialogs/booking/bookingService';
import type { ChannelCapabilities } from '../../channels/channel';
import { EMAIL_CAPABILITIES } from '../../channels/email/renderer';
import { MESSENGER_CAPABILITIES } from '../../channels/messenger/renderer';
import { TELEGRAM_CAPABILITIES } from '../../channels/telegram/renderer';
import { WEBCHAT_CAPABILITIES } from '../../channels/webchat/renderer';
import { replyKey, visibleText } from './replyKeys';
import type { Conversation, Expectation, Turn } from './script';

/** What happened in one scripted conversation. */
export interface ConversationResult {
  conversation: Conversation;
  /** The first turn that did not go as scripted; undefined when all did. */
  failure?: string;
  /** Customer messages that answered a question the bot had asked. */
  promptAnswers: number;
  /** Of those, the ones the bot took at once (it did not ask the same again or give a retry hint). */
  acceptedFirstTry: number;
  /** Turns in which the bot asked the same question again or answered with a retry hint. */
  reasks: number;
}

/** What each channel module tells the dialogs in the server, by the channel id a script names. */
const CAPABILITIES: Readonly<Record<string, ChannelCapabilities>> = { webchat: WEBCHAT_CAPABILITIES, telegram: TELEGRAM_CAPABILITIES, facebook: MESSENGER_CAPABILITIES, email: EMAIL_CAPABILITIES };

interface SeenReply {
  key: string;
  locale: string;
  text: string;
  expectsInput: boolean;
}

/** A retry text: prompt hints and the templates named for a second try. */
function isRetry(key: string): boolean {
  return key.startsWith('hint.') || /retry$/iu.test(key);
}

function describe(replies: SeenReply[]): string {
  return replies.map((r) => `${r.locale ? `${r.locale}:` : ''}${r.key} "${r.text.slice(0, 70).replace(/\n/gu, ' ')}"`).join(' | ') || 'no reply';
}

function matches(expect: Expectation, reply: SeenReply, activity: Partial<Activity>, language: string): boolean {
  if (expect.key !== '*' && expect.key !== reply.key) return false;
  if (expect.key !== '*' && expect.key !== 'card' && reply.locale !== (expect.locale ?? language)) return false;
  return expect.contains === undefined || visibleText(activity).toLowerCase().includes(expect.contains.toLowerCase());
}

/** Runs one conversation through the real bot and pipeline (memory store, no HTTP). */
export async function replay(conversation: Conversation): Promise<ConversationResult> {
  const config = loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent', ...conversation.env });
  const now = new Date(conversation.now);
  const started = Date.now();
  // The scripted clock moves with real time, so timeouts and "within a minute" keep their meaning.
  const clock = () => new Date(now.getTime() + (Date.now() - started));
  const storage = new MemoryStore();
  for (const earlier of conversation.bookings) {
    // Booked by someone in another conversation, with the code the script types.
    const { code, ...request } = earlier;
    await new StoredBookingService(storage, config.env.TIMEZONE, clock, () => code).book({ ...request, name: 'Earlier Customer', customerKey: 'webchat/users/another-conversation' });
  }
  const { bot, pipeline } = createBot(config, storage, silentLogger(), { clock });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId: conversation.channelId } as Partial<Activity>);
  pipeline.install(adapter);
  const capabilities = CAPABILITIES[conversation.channelId];
  if (capabilities) adapter.use(channelTraits({ reachesCustomerLater: capabilities.reachesCustomerLater }));

  const result: ConversationResult = { conversation, promptAnswers: 0, acceptedFirstTry: 0, reasks: 0 };
  let language = conversation.locale;
  let lastQuestion: SeenReply | undefined;
  for (const turn of conversation.turns) {
    await adapter.receiveActivity({ type: ActivityTypes.Message, text: turn.says, locale: conversation.locale });
    const activities = drain(adapter);
    const replies = activities.map((a): SeenReply => {
      const found = replyKey(a);
      return { key: found?.key ?? '?', locale: found?.locale ?? '', text: a.text ?? '', expectsInput: a.inputHint === InputHints.ExpectingInput };
    });
    // The same question alone again; with something before it (a new summary card, a help text) the answer was taken.
    const reasked = replies.some((r) => isRetry(r.key)) || (lastQuestion !== undefined && replies.length === 1 && replies[0]?.key === lastQuestion.key);
    if (lastQuestion) {
      result.promptAnswers += 1;
      if (!reasked) result.acceptedFirstTry += 1;
    }
    if (reasked) result.reasks += 1;
    const last = replies.at(-1);
    lastQuestion = last?.expectsInput ? last : undefined;
    const problem = check(turn, replies, activities, language);
    if (problem.failure && !result.failure) result.failure = `${conversation.file}:${turn.line}: "${turn.says}" → ${problem.failure}`;
    language = problem.language;
  }
  await pipeline.stopRetries();
  return result;
}

function drain(adapter: TestAdapter): Partial<Activity>[] {
  const out: Partial<Activity>[] = [];
  while (adapter.activeQueue.length > 0) {
    const next = adapter.activeQueue.shift();
    if (next && next.type === ActivityTypes.Message) out.push(next);
  }
  return out;
}

function check(turn: Turn, replies: SeenReply[], activities: Partial<Activity>[], language: string): { failure?: string; language: string } {
  let current = language;
  if (replies.length !== turn.expect.length) {
    return { failure: `expected ${turn.expect.length} repl${turn.expect.length === 1 ? 'y' : 'ies'}, got ${describe(replies)}`, language };
  }
  for (const [index, expect] of turn.expect.entries()) {
    const reply = replies[index];
    const activity = activities[index];
    if (!reply || !activity || !matches(expect, reply, activity, current)) {
      const wanted = `${expect.locale ? `${expect.locale}:` : ''}${expect.key}${expect.contains !== undefined ? ` "${expect.contains}"` : ''}`;
      return { failure: `reply ${index + 1}: expected ${wanted}, got ${describe(replies)}`, language };
    }
    if (expect.locale) current = expect.locale;
  }
  return { language: current };
}
