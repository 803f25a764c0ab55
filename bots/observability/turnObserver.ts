import type { Middleware, TurnContext } from '../botFramework';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { Metrics } from './metrics';

const TURN_LOGGER = Symbol('switchboard.turnLogger');
const DUPLICATE = Symbol('switchboard.duplicateTurn');

/** The turn's child logger (carrying its turnId), or `fallback` outside a turn. */
export function turnLogger(context: TurnContext, fallback: Logger): Logger {
  return (context.turnState.get(TURN_LOGGER) as Logger | undefined) ?? fallback;
}

/** Marks the turn as a recognised redelivery, so it is counted as a dedupe hit and not as a turn. */
export function markDuplicate(context: TurnContext): void {
  context.turnState.set(DUPLICATE, true);
}

/**
 * First middleware of every turn: gives it a correlation id (`turnId`) on a child logger that the
 * rest of the pipeline logs through, times it, and writes one info line per turn. Only ids, kinds
 * and timings are logged at info; message text stays out of logs unless LOG_LEVEL=debug.
 */
export class TurnObserver implements Middleware {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics | undefined,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    const channel = activity.channelId ?? 'unknown';
    const logger = this.logger.child({ turnId: randomUUID(), channel });
    context.turnState.set(TURN_LOGGER, logger);
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      await next();
    } catch (err) {
      outcome = 'failed';
      throw err;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (context.turnState.get(DUPLICATE) === true) {
        this.metrics?.dedupeHit(channel);
        outcome = 'duplicate';
      } else {
        this.metrics?.turnFinished(channel, seconds);
      }
      logger.info({ type: activity.type, conversationId: activity.conversation?.id, outcome, durationMs: Math.round(seconds * 1000) }, 'turn');
      logger.debug({ text: activity.text }, 'turn text');
    }
  }
}
