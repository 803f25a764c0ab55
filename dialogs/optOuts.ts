import { readItem, updateItem } from '../bots/state/storeItem';
import type { ManagedStorage } from '../bots/state/types';

/** What the bot may say first, as a customer opts out of it; a job names its own (Job.topic). */
export type MessageTopic = 'reminders' | 'orders' | 'marketing';
export const MESSAGE_TOPICS: readonly MessageTopic[] = ['reminders', 'orders', 'marketing'];

export const isMessageTopic = (value: unknown): value is MessageTopic => MESSAGE_TOPICS.includes(value as MessageTopic);

/** One customer's choices about messages the bot sends unasked. */
export interface OptOutRecord {
  topics: MessageTopic[];
  /** When marketing messages went out, for the weekly cap (only the last 7 days are kept). */
  marketingSentAt: number[];
  changedAt: number;
}

export const WEEK_MS = 7 * 24 * 60 * 60_000;
const keyOf = (customerKey: string) => `optouts/${customerKey}`;
const empty = (): OptOutRecord => ({ topics: [], marketingSentAt: [], changedAt: 0 });

/**
 * Opt-outs per customer (customerKeyFor: one channel's user) and topic, in an item of their own
 * so that a one-click unsubscribe from an e-mail client, outside any conversation, can write it.
 * Kept without a TTL: a customer who said "stop" is not written to again after some retention
 * period has quietly passed.
 */
export class OptOuts {
  constructor(private readonly storage: ManagedStorage) {}

  async of(customerKey: string): Promise<OptOutRecord> {
    const item = await readItem<OptOutRecord>(this.storage, keyOf(customerKey));
    return item ? { topics: item.topics, marketingSentAt: item.marketingSentAt, changedAt: item.changedAt } : empty();
  }

  /** Adds `topics` to the customer's opt-outs; returns the record as stored. */
  async optOut(customerKey: string, topics: readonly MessageTopic[], at: number): Promise<OptOutRecord> {
    return this.change(customerKey, (record) => ({ ...record, topics: [...new Set([...record.topics, ...topics])], changedAt: at }));
  }

  /** Lifts the customer's opt-out of `topics`; of every topic when none are named. */
  async optIn(customerKey: string, at: number, topics?: readonly MessageTopic[]): Promise<OptOutRecord> {
    return this.change(customerKey, (record) => ({ ...record, topics: topics ? record.topics.filter((topic) => !topics.includes(topic)) : [], changedAt: at }));
  }

  async recordMarketing(customerKey: string, at: number): Promise<void> {
    await this.change(customerKey, (record) => ({ ...record, marketingSentAt: [...record.marketingSentAt.filter((sent) => at - sent < WEEK_MS), at] }));
  }

  /** Marketing messages the customer got in the week before `at`. */
  static marketingInWeek(record: OptOutRecord, at: number): number {
    return record.marketingSentAt.filter((sent) => at - sent < WEEK_MS).length;
  }

  private async change(customerKey: string, change: (record: OptOutRecord) => OptOutRecord): Promise<OptOutRecord> {
    return (await updateItem<OptOutRecord>(this.storage, keyOf(customerKey), (current) => change(current ?? empty()))) ?? empty();
  }
}
