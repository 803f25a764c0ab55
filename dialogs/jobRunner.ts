import type { DialogState, StatePropertyAccessor, TurnContext } from '../bots/botFramework';
import type { Job } from '../bots/scheduler';
import { activeHandover } from './handover/handoverState';
import { BUSY_FOR_MS, jobsSent, JOBS_SENT_KEPT, lastMessageAt, type JobTurn, type JobTurnResult } from './jobTurns';
import type { MainDialog } from './mainDialog';
import type { SendRules } from './sendRules';

/**
 * Runs a scheduled job's turn in its conversation: the folder's JobTurn for the job's kind, told
 * whether the customer is busy, and never twice for one job (the ids sent are kept in the state).
 * The send rules (quiet hours, opt-outs, the marketing cap) come first, for every folder's jobs.
 */
export class JobTurnRunner {
  constructor(
    private readonly mainDialog: MainDialog,
    private readonly dialogState: StatePropertyAccessor<DialogState>,
    private readonly turns: ReadonlyMap<string, JobTurn>,
    private readonly clock: () => Date,
    private readonly rules?: SendRules,
  ) {}

  /** The job kinds a turn is registered for. */
  kinds(): string[] {
    return [...this.turns.keys()];
  }

  async run(context: TurnContext, job: Job): Promise<JobTurnResult> {
    const turn = this.turns.get(job.kind);
    if (!turn) return { skipped: 'no_dialog_for_kind' };
    const sent = await jobsSent.get(context, []);
    if (sent.includes(job.id)) return { skipped: 'already_sent' };
    const now = this.clock().getTime();
    const refused = await this.rules?.refusal(job, context, now);
    if (refused) return refused;
    this.rules?.markReplies(job, context);
    const open = await this.mainDialog.hasOpenQuestion(context, this.dialogState);
    const handedOver = (await activeHandover.get(context)) !== undefined;
    const busy = handedOver || (open && now - (await lastMessageAt.get(context, 0)) < BUSY_FOR_MS);
    const result = await turn(job, context, { now, busy, start: (start) => this.mainDialog.startTask(context, this.dialogState, start) });
    if ('sent' in result) {
      await jobsSent.set(context, [...sent, job.id].slice(-JOBS_SENT_KEPT));
      await this.rules?.recordSent(job, context, now);
    }
    return result;
  }
}
