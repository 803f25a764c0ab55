import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { silentLogger } from '../../bots/logger';
import { TurnPipeline } from '../../bots/pipeline';
import { StateProperty } from '../../bots/state/turnState';
import type { ManagedStorage } from '../../bots/state/types';
import { testConfig } from './bot';

export const counter = new StateProperty<number>('conversation', 'counter');

/**
 * A server instance reduced to its pipeline: every message increments a counter in conversation
 * state. Several instances on one store stand for several servers behind a load balancer.
 */
export function counterInstance(storage: ManagedStorage) {
  const pipeline = new TurnPipeline(testConfig(), storage, silentLogger(), { maxAttempts: 100 });
  const adapter = new TestAdapter(async (context) => {
    const value = await counter.get(context, 0);
    // Yield between read and write so that overlapping turns really interleave.
    await new Promise((resolve) => setImmediate(resolve));
    await counter.set(context, value + 1);
  });
  pipeline.install(adapter);
  return { adapter, pipeline };
}

export function counterMessage(conversationId: string, n: number): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    id: `msg-${n}`,
    text: `increment ${n}`,
    channelId: 'test',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: `user-${n % 3}`, name: 'customer' },
    recipient: { id: 'bot', name: 'bot' },
  };
}

/** Sends `count` increments at once, spread round-robin over the instances; resolves with the stored counter and the eTag conflicts retried. */
export async function racingIncrements(storage: ManagedStorage, instances: number, count: number): Promise<{ counter: number; conflicts: number }> {
  const servers = Array.from({ length: instances }, () => counterInstance(storage));
  await Promise.all(
    Array.from({ length: count }, (_, n) => servers[n % instances]!.adapter.processActivity(counterMessage('race', n))),
  );
  const items = await storage.read(['test/conversations/race']);
  const stored = items['test/conversations/race'] as { counter?: number } | undefined;
  const conflicts = servers.reduce((sum, server) => sum + server.pipeline.statefulTurn.counters.conflicts, 0);
  return { counter: stored?.counter ?? 0, conflicts };
}
