import type { TurnContext } from '../bots/botFramework';
import type { Job } from '../bots/scheduler';
import { StateProperty } from '../bots/state/turnState';
import type { DialogStart } from './registry';

/**
 * What a scheduled job's turn decided: it sent its message, it had nothing to say (the booking is
 * gone: `skipped` says why, as a short fixed phrase that /metrics counts), or not now.
 */
export type JobTurnResult = { sent: true } | { skipped: string } | { deferUntil: number; reason: string };

/** What a job's turn knows of its conversation and may do with it. */
export interface JobTurnTools {
  now: number;
  /**
   * The customer is in the middle of something: a question of the bot's open and their last
   * message a few minutes old at most, or a person looking after them. A job that would ask a
   * question of its own waits (defers) rather than cut in.
   */
  busy: boolean;
  /** Makes `start` the conversation's task, in place of whatever was left open there. */
  start(start: DialogStart): Promise<void>;
}

/** A scheduled job's turn in its conversation (state loaded, locale set): says what it has to say. */
export type JobTurn = (job: Job, context: TurnContext, tools: JobTurnTools) => Promise<JobTurnResult>;

const JOB_TURN = Symbol('switchboard.jobTurn');
const JOB_RESULT = Symbol('switchboard.jobTurnResult');

/**
 * Marks a proactive turn as `job`'s. Only the scheduler's runner sets it (channels/shared/
 * scheduledTurns.ts): an event a client posts cannot, so nobody outside starts a job's turn.
 */
export function setJobTurn(turnState: Map<unknown, unknown>, job: Job): void {
  turnState.set(JOB_TURN, job);
}

export function jobTurnOf(turnState: Map<unknown, unknown>): Job | undefined {
  return turnState.get(JOB_TURN) as Job | undefined;
}

export function setJobTurnResult(turnState: Map<unknown, unknown>, result: JobTurnResult): void {
  turnState.set(JOB_RESULT, result);
}

export function jobTurnResultOf(turnState: Map<unknown, unknown>): JobTurnResult | undefined {
  return turnState.get(JOB_RESULT) as JobTurnResult | undefined;
}

/**
 * The jobs whose message this conversation got, newest last. It is saved with the turn's replies
 * (in one write, bots/outbox), so a job run again after a crash between sending and recording its
 * end finds itself here and sends nothing twice.
 */
export const jobsSent = new StateProperty<string[]>('conversation', 'jobsSent');
export const JOBS_SENT_KEPT = 50;

/** When the customer last wrote in this conversation (ms since the epoch), for `JobTurnTools.busy`. */
export const lastMessageAt = new StateProperty<number>('conversation', 'lastMessageAt');
/** How recent a message keeps an open question "in progress"; an older one was left. */
export const BUSY_FOR_MS = 10 * 60_000;
