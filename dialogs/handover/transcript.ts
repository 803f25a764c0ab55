import { ActivityTypes, type Middleware, type TurnContext } from '../../bots/botFramework';
import { humanAgentOf } from './agentReply';
import { TRANSCRIPT_LINES, transcript } from './handoverState';
import type { TranscriptLine } from './ticket';
import { heldReplies } from '../../bots/pipeline/statefulTurn';

const MAX_LINE_LENGTH = 1000;

/**
 * Keeps the last messages of the conversation, both ways, in conversation state, so a handover
 * arrives with its history. Runs inside the stateful turn: replies are read from the attempt's
 * outbox before the save, so the transcript and the state it belongs to are written together.
 */
export class TranscriptMiddleware implements Middleware {
  constructor(private readonly now: () => Date = () => new Date()) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const at = this.now().toISOString();
    const lines: TranscriptLine[] = [];
    const incoming = context.activity;
    if (incoming.type === ActivityTypes.Message && incoming.text?.trim()) lines.push({ from: 'customer', text: incoming.text.slice(0, MAX_LINE_LENGTH), at });
    await next();
    for (const reply of heldReplies(context)) {
      if (reply.type !== ActivityTypes.Message || !reply.text) continue;
      const agent = humanAgentOf(reply);
      lines.push({ from: agent === undefined ? 'bot' : 'agent', text: reply.text.slice(0, MAX_LINE_LENGTH), at, ...(agent ? { agent } : {}) });
    }
    if (lines.length === 0) return;
    const kept = await transcript.get(context, []);
    await transcript.set(context, [...kept, ...lines].slice(-TRANSCRIPT_LINES));
  }
}
