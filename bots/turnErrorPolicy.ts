import type { TurnContext } from './botFramework';
import type { Locale } from './config';
import type { Logger } from './logger';
import { turnLogger } from './observability/turnObserver';
import { turnLocale } from './pipeline/locale';
import { ReplyDeliveryError } from './pipeline/replyDelivery';
import { backendErrorOf } from './backendError';
import { stateKeysFor } from './state/stateKeys';
import { isStorageUnavailable, type ManagedStorage } from './state/types';

/**
 * The one onTurnError policy (installed on every adapter): log with context, drop the dialog
 * stack that may have caused the failure so the next message starts cleanly, and tell the
 * customer in their language. It throws only when the store was unavailable: then nothing of the
 * turn happened, the customer's dialog is intact, and the ingress answers 503 so the platform
 * delivers the message again once the store is back (an apology now would be answered twice).
 */
/** Which apology a failed turn gets: a shop system that failed (try again later) or our own fault. */
export type TurnFailure = 'backend' | 'generic';

/** Said when no text was given: the bot's own texts live above this floor. */
const PLAIN_APOLOGY = 'Sorry, something went wrong on our side. Please try again in a moment.';

export function createTurnErrorPolicy(storage: ManagedStorage, logger: Logger, defaultLocale: Locale, errorReply: (locale: Locale, failure: TurnFailure) => string = () => PLAIN_APOLOGY) {
  return async function onTurnError(context: TurnContext, error: Error): Promise<void> {
    const activity = context.activity;
    const log = turnLogger(context, logger);
    if (error instanceof ReplyDeliveryError) {
      // Saved already: the dialog stays where the turn left it, and an apology would fail the same way.
      log.error({ err: error, channel: activity.channelId, conversationId: activity.conversation?.id, activityId: activity.id }, 'replies not delivered; the conversation state is kept');
      return;
    }
    if (isStorageUnavailable(error)) {
      log.warn({ err: error, conversationId: activity.conversation?.id, activityId: activity.id }, 'turn not run: the store is unavailable; the channel is asked to deliver it again');
      throw error;
    }
    const backend = backendErrorOf(error);
    if (backend) {
      // Not our fault and not the dialog's: the step stays where it was, so the same answer retries it.
      log.warn({ err: error, backend: backend.backend, code: backend.code, conversationId: activity.conversation?.id, activityId: activity.id }, `backend ${backend.backend} failed (${backend.code}); the customer is asked to try again`);
      await apologise(context, errorReply(turnLocale(context, defaultLocale), 'backend'), log);
      return;
    }
    log.error(
      { err: error, channel: activity.channelId, conversationId: activity.conversation?.id, activityId: activity.id, type: activity.type },
      'turn failed',
    );
    try {
      await resetDialogStack(storage, stateKeysFor(context).conversation);
    } catch (resetError) {
      log.error({ err: resetError, conversationId: activity.conversation?.id }, 'onTurnError(): could not reset the dialog stack');
    }
    await apologise(context, errorReply(turnLocale(context, defaultLocale), 'generic'), log);
  };
}

async function apologise(context: TurnContext, text: string, log: Logger): Promise<void> {
  try {
    await context.sendActivity(text);
  } catch (sendError) {
    log.error({ err: sendError, conversationId: context.activity.conversation?.id }, 'onTurnError(): could not tell the customer');
  }
}

async function resetDialogStack(storage: ManagedStorage, key: string): Promise<void> {
  const items = await storage.read([key]);
  const item = items[key];
  if (!item || !('dialogState' in item)) return;
  const { dialogState: _dropped, ...rest } = item;
  // Written with the eTag just read: if another turn wrote meanwhile, its state is newer and stays.
  await storage.write({ [key]: rest });
}
