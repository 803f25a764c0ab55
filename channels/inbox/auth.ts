import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';
import { bearerTokenOf } from '../../bots/http/secrets';

export interface Agent {
  name: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Agents from INBOX_AGENTS; tokens are compared as hashes in constant time, every one of them. */
export class AgentDirectory {
  private readonly agents: { name: string; hash: Buffer }[];

  constructor(agents: readonly { name: string; token: string }[]) {
    this.agents = agents.map((agent) => ({ name: agent.name, hash: digest(agent.token) }));
  }

  byToken(token: string): Agent | undefined {
    const hash = digest(token);
    let found: Agent | undefined;
    // No early exit: how long this takes must not tell which agent's token came close.
    for (const agent of this.agents) if (timingSafeEqual(hash, agent.hash)) found = { name: agent.name };
    return found;
  }

  /** The agent behind `Authorization: Bearer <token>`, or undefined. */
  fromRequest(req: Request): Agent | undefined {
    const token = bearerTokenOf(req.headers.authorization);
    return token ? this.byToken(token) : undefined;
  }
}
