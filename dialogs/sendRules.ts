import type { TurnContext } from '../bots/botFramework';
import type { QuietHours } from '../bots/config';
import { turnLocale } from '../bots/pipeline/locale';
import type { Job } from '../bots/scheduler';
import { stateKeysFor } from '../bots/state/stateKeys';
import { StateProperty } from '../bots/state/turnState';
import type { Locale } from '../bots/config';
import type { JobTurnResult } from './jobTurns';
import { t } from './locales';
import { isMessageTopic, OptOuts, type MessageTopic } from './optOuts';
import { quietUntil } from './quietHours';
import { markUnsubscribable, type UnsubscribeLinks } from './unsubscribe';

export interface SendRuleOptions {
  /** QUIET_HOURS on the shop's clock (TIMEZONE): the customer's own time zone is not known. */
  quietHours: QuietHours | undefined;
  timeZone: string;
  optOuts: OptOuts;
  /** MARKETING_PER_WEEK: marketing messages one customer gets in any 7 days at most; 0 for no cap. */
  marketingPerWeek: number;
  links: UnsubscribeLinks;
  defaultLocale: Locale;
}

const DAY_MS = 24 * 60 * 60_000;

/** The topic of the last message the bot sent unasked here, so a bare "stop" after it opts out of that. */
export const lastUnaskedTopic = new StateProperty<{ topic: MessageTopic; at: number }>('conversation', 'lastUnaskedTopic');

/** The customer a proactive turn speaks to, when its conversation reference names them. */
function customerOf(context: TurnContext): string | undefined {
  return stateKeysFor(context).user;
}

/**
 * What every message the bot sends first must respect, whatever folder's job it is: quiet hours
 * (moved, not dropped), the customer's opt-out of the job's topic, and the weekly cap on marketing.
 * A marketing message says how to stop it, and carries a one-click link where the channel has a
 * place for it (e-mail's List-Unsubscribe).
 */
export class SendRules {
  constructor(private readonly options: SendRuleOptions) {}

  /** Why `job` must not speak now, or undefined when it may. */
  async refusal(job: Job, context: TurnContext, now: number): Promise<JobTurnResult | undefined> {
    const quietEnds = quietUntil(now, this.options.quietHours, this.options.timeZone);
    // Held jobs keep the order they were filed in ("shipped" before "delivered"): each is moved
    // a little past the end by when it was filed within the day before (86 s at most).
    if (quietEnds !== undefined) return { deferUntil: quietEnds + Math.floor(Math.min(Math.max(0, job.createdAt - (quietEnds - DAY_MS)), DAY_MS) / 1000), reason: 'quiet_hours' };
    const topic = isMessageTopic(job.topic) ? job.topic : undefined;
    const customer = customerOf(context);
    if (!topic || !customer) return undefined;
    const record = await this.options.optOuts.of(customer);
    if (record.topics.includes(topic)) return { skipped: 'opted_out' };
    const cap = this.options.marketingPerWeek;
    if (topic === 'marketing' && cap > 0 && OptOuts.marketingInWeek(record, now) >= cap) return { skipped: 'weekly_cap' };
    return undefined;
  }

  /** Marks the messages `job`'s turn sends with their topic (and, for marketing, the way out). */
  markReplies(job: Job, context: TurnContext): void {
    const topic = isMessageTopic(job.topic) ? job.topic : undefined;
    const customer = customerOf(context);
    if (!topic || !customer) return;
    context.onSendActivities(async (_context, activities, next) => {
      for (const activity of activities) {
        if (activity.type !== 'message') continue;
        const locale = turnLocale(context, this.options.defaultLocale);
        const url = topic === 'marketing' ? this.options.links.linkFor(customer, topic, locale) : undefined;
        if (topic === 'marketing' && activity.text) activity.text = `${activity.text}\n\n${t(locale, 'optOut.footer')}`;
        markUnsubscribable(activity, topic, url);
      }
      return next();
    });
  }

  /** After `job` spoke: what the next "stop" refers to, and the marketing count. */
  async recordSent(job: Job, context: TurnContext, now: number): Promise<void> {
    const topic = isMessageTopic(job.topic) ? job.topic : undefined;
    if (!topic) return;
    await lastUnaskedTopic.set(context, { topic, at: now });
    const customer = customerOf(context);
    if (topic === 'marketing' && customer) await this.options.optOuts.recordMarketing(customer, now);
  }
}
