import type { ConversationReference } from '../../bots/botFramework';
import { PermanentJobError, type JobDecision, type JobHandler } from '../../bots/scheduler';
import { jobTurnResultOf, setJobTurn, type JobTurnResult } from '../../dialogs/jobTurns';
import type { TurnLogic } from '../channel';
import type { ProactiveTurns } from './proactiveTurns';

/**
 * The scheduler's handler for jobs that speak in a conversation (a reminder): a proactive turn in
 * the conversation `payload.reference` names, through the shared pipeline, in which the bot runs
 * the dialog folder's turn for the job's kind (dialogs/jobRunner.ts). What the turn decided and
 * what became of its message make the job's end: sent (or queued for a channel that is down:
 * bots/outbox sends it when it is back), skipped with the reason, deferred, or a failure to retry.
 */
export function conversationJobHandler(turns: ProactiveTurns, logic: TurnLogic): JobHandler {
  return async (job) => {
    const reference = job.payload.reference;
    if (typeof reference !== 'object' || reference === null) throw new PermanentJobError(`conversationJobHandler(): job ${job.id} names no conversation`);
    let result: JobTurnResult | undefined;
    const delivery = await turns.run(
      reference as Partial<ConversationReference>,
      async (context) => {
        // The name is for logs; the bot trusts only the turn-state mark, which a client cannot set.
        context.activity.name = `switchboard/job/${job.kind}`;
        setJobTurn(context.turnState, job);
        await logic(context);
        result = jobTurnResultOf(context.turnState);
        return result && !('sent' in result) ? { skipped: 'skipped' in result ? result.skipped : result.reason } : {};
      },
      { jobId: job.id, kind: job.kind },
    );
    return decisionOf(result, delivery);
  };
}

function decisionOf(result: JobTurnResult | undefined, delivery: Awaited<ReturnType<ProactiveTurns['run']>>): JobDecision {
  if (result && 'skipped' in result) return { skipped: result.skipped };
  if (result && 'deferUntil' in result) return result;
  if (delivery.delivered) return { done: 'sent' };
  if (delivery.queued) return { done: 'queued' };
  if (delivery.refused) return { skipped: delivery.refusal ?? 'channel_refused' };
  throw new Error(`conversationJobHandler(): not delivered: ${delivery.reason ?? 'the turn ended without sending'}`);
}
