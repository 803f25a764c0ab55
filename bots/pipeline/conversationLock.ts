import { Mutex } from 'async-mutex';
import type { Middleware, TurnContext } from '../botFramework';
import { stateKeysFor } from '../state/stateKeys';

interface Held {
  mutex: Mutex;
  users: number;
}

/**
 * Serialises the turns of one conversation inside this process, so overlapping activities of one
 * conversation never race on its state here; across instances the eTag check takes over.
 */
export class ConversationLock implements Middleware {
  private readonly held = new Map<string, Held>();

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = stateKeysFor(context).conversation;
    let entry = this.held.get(key);
    if (!entry) {
      entry = { mutex: new Mutex(), users: 0 };
      this.held.set(key, entry);
    }
    entry.users += 1;
    try {
      await entry.mutex.runExclusive(next);
    } finally {
      entry.users -= 1;
      // Drop idle mutexes so a long-running server does not keep one per conversation ever seen.
      if (entry.users === 0) this.held.delete(key);
    }
  }

  /** Conversations with a turn running or queued (for metrics and tests). */
  get activeConversations(): number {
    return this.held.size;
  }
}
