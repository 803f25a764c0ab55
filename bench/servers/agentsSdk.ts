import type { AddressInfo } from 'node:net';
import express from 'express';
import { AgentApplication, MemoryStorage, type TurnState } from '@microsoft/agents-hosting';
import { createAgentRequestHandler } from '@microsoft/agents-hosting-express';
import { CountingStore } from '../../bots/state/countingStore';
import { expectRepliesActivity } from '../cases/botFrameworkActivity';
import { expectSelf, postToSelf } from '../lib/selfCheck';
import { serveBench } from '../lib/serve';

/**
 * Peer: a Microsoft 365 Agents SDK bot as its README writes one, an AgentApplication with
 * MemoryStorage that counts turns in conversation state and replies with the count, hosted on
 * express with the SDK's request handler (authorizeJWT + CloudAdapter.process, as startServer does;
 * startServer itself cannot bind 127.0.0.1). No clientId, so anonymous, as local dev runs.
 */
const store = new CountingStore(new MemoryStorage());
const agent = new AgentApplication<TurnState>({ storage: store });
let turns = 0;
agent.onActivity('message', async (context, state) => {
  const count = ((state.getValue('conversation.turns') as number | undefined) ?? 0) + 1;
  state.setValue('conversation.turns', count);
  await context.sendActivity(`turn ${count}`);
  turns += 1;
});
// AgentApplication 1.8.1 saves turn state only after an afterTurn handler that returns true
// (runTurn); without one the README's counter never leaves turn 1, as the self-check showed.
agent.onTurn('afterTurn', async () => true);
agent.onError(async (_context, error) => {
  console.error('agents SDK peer: turn failed:', error);
});

const app = express();
app.use(express.json());
app.post('/api/messages', createAgentRequestHandler(agent));

/** Two messages of one conversation: each answer carries exactly one reply, the second says 2. */
async function selfCheck(port: number): Promise<void> {
  for (const expected of ['turn 1', 'turn 2']) {
    const activity = { ...(JSON.parse(expectRepliesActivity(0, 1, `self-${expected}`)) as object), conversation: { id: 'self-check' } };
    const answer = await postToSelf(port, '/api/messages', JSON.stringify(activity));
    expectSelf(answer.status === 200, 'agentsSdk', `answered ${answer.status}: ${answer.text}`);
    const { activities } = JSON.parse(answer.text) as { activities?: { type?: string; text?: string }[] };
    const replies = (activities ?? []).filter((a) => a.type === 'message');
    expectSelf(replies.length === 1 && replies[0]?.text === expected, 'agentsSdk', `expected one reply "${expected}", got ${answer.text}`);
  }
  expectSelf(turns === 2, 'agentsSdk', `counted ${turns} turns for 2 messages`);
  turns = 0;
}

serveBench(
  () =>
    new Promise((resolve, reject) => {
      const server = app.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        selfCheck(port).then(
          () => resolve({ port, turns: () => turns, stop: async () => void server.close() }),
          (err: unknown) => {
            server.close();
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      });
    }),
  store,
);
