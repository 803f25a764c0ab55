import type { StoreItems } from 'botbuilder';
import { MemoryStore } from '../../bots/state/memoryStore';

/** A store that refuses every call while `down`, as Cosmos DB does when it cannot be reached. */
export class OutageStore extends MemoryStore {
  down = false;
  /** Calls refused so far. */
  refused = 0;
  /** When set, only keys it accepts fail while `down`. */
  downFor?: (key: string) => boolean;
  private check(keys: string[] = []): void {
    if (!this.down || (this.downFor && !keys.some(this.downFor))) return;
    this.refused += 1;
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8081'), { code: 'ECONNREFUSED' });
  }
  override async read(keys: string[]): Promise<StoreItems> {
    this.check(keys);
    return super.read(keys);
  }
  override async write(changes: StoreItems): Promise<void> {
    this.check(Object.keys(changes));
    return super.write(changes);
  }
  override async delete(keys: string[]): Promise<void> {
    this.check(keys);
    return super.delete(keys);
  }
}
