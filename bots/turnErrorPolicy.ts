import type { TurnContext } from 'botbuilder';
import type { Locale } from './config';
import type { Logger } from './logger';
import { turnLogger } from './observability/turnObserver';
import { turnLocale } from './pipeline/locale';
import { stateKeysFor } from './state/stateKeys';
import type { ManagedStorage } from './state/types';
import { t } from '../dialogs/locales';

/**
 * The one onTurnError policy (installed on every adapter): log with context, drop the dialog
 * stack that may have caused the failure so the next message starts cleanly, and tell the
 * customer in their language. It never throws, so a failing turn cannot become a 500.
 */
export function createTurnErrorPolicy(storage: ManagedStorage, logger: Logger, defaultLocale: Locale) {
  return async function onTurnError(context: TurnContext, error: Error): Promise<void> {
    const activity = context.activity;
    const log = turnLogger(context, logger);
    log.error(
      { err: error, channel: activity.channelId, conversationId: activity.conversation?.id, activityId: activity.id, type: activity.type },
      'turn failed',
    );
    try {
      await resetDialogStack(storage, stateKeysFor(context).conversation);
    } catch (resetError) {
      log.error({ err: resetError, conversationId: activity.conversation?.id }, 'onTurnError(): could not reset the dialog stack');
    }
    try {
      await context.sendActivity(t(turnLocale(context, defaultLocale), 'error.generic'));
    } catch (sendError) {
      log.error({ err: sendError, conversationId: activity.conversation?.id }, 'onTurnError(): could not tell the customer');
    }
  };
}

async function resetDialogStack(storage: ManagedStorage, key: string): Promise<void> {
  const items = await storage.read([key]);
  const item = items[key];
  if (!item || !('dialogState' in item)) return;
  const { dialogState: _dropped, ...rest } = item;
  // Written with the eTag just read: if another turn wrote meanwhile, its state is newer and stays.
  await storage.write({ [key]: rest });
}
