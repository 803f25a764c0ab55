import type { TurnContext } from '../bots/botFramework';
import type { Locale } from '../bots/config';
import { customerKeyFor } from '../bots/state/stateKeys';
import { t } from './locales';
import { isBareStop, type OptOutRequest } from './optOutRequest';
import { MESSAGE_TOPICS, WEEK_MS, type OptOuts } from './optOuts';
import { lastUnaskedTopic } from './sendRules';

/**
 * The answers to "unsubscribe" / "abmelden" / "wypisz" and their way back, wherever in the
 * conversation they come. An opt-out without a topic is for the topic of the last message the
 * bot sent unasked here (what the customer is answering), else for everything.
 */
export class OptOutReplies {
  constructor(
    private readonly optOuts: OptOuts,
    private readonly clock: () => Date,
  ) {}

  async answer(context: TurnContext, request: OptOutRequest, locale: Locale): Promise<void> {
    const customer = customerKeyFor(context);
    const now = this.clock().getTime();
    if (request.kind === 'optIn') {
      // "start sending reminders again" brings reminders back, not the offers opted out of too.
      const topics = request.topic ? [request.topic] : undefined;
      const before = await this.optOuts.of(customer);
      await this.optOuts.optIn(customer, now, topics);
      const wasOut = before.topics.some((topic) => !topics || topics.includes(topic));
      await context.sendActivity(t(locale, wasOut ? 'optOut.back' : 'optOut.notOut'));
      return;
    }
    const topic = request.topic ?? (await this.recentTopic(context, now));
    await this.optOuts.optOut(customer, topic ? [topic] : MESSAGE_TOPICS, now);
    await context.sendActivity(`${t(locale, `optOut.done.${topic ?? 'all'}`)} ${t(locale, 'optOut.hint')}`);
  }

  /** A bare "stop" as the answer to a message the bot sent unasked (within a week): opts out of its topic. */
  async answerBareStop(context: TurnContext, text: string, locale: Locale): Promise<boolean> {
    if (!isBareStop(text)) return false;
    const topic = await this.recentTopic(context, this.clock().getTime());
    if (!topic) return false;
    await this.answer(context, { kind: 'optOut', topic }, locale);
    return true;
  }

  private async recentTopic(context: TurnContext, now: number) {
    const last = await lastUnaskedTopic.get(context);
    return last && now - last.at < WEEK_MS ? last.topic : undefined;
  }
}
