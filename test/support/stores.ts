import { MemoryStore } from '../../bots/state/memoryStore';
import type { ManagedStorage } from '../../bots/state/types';

export interface StoreFactory {
  name: string;
  open(): Promise<ManagedStorage>;
  close(storage: ManagedStorage): Promise<void>;
}

/** One entry per storage backend, so suites run the same cases against each. */
export function storeFactories(): StoreFactory[] {
  return [{ name: 'memory', open: async () => new MemoryStore(), close: (s) => s.close() }];
}
