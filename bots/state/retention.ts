import type { Logger } from '../logger';
import { kindOf, type RetentionGroup, type StoredKind } from './storedKinds';
import type { ManagedStorage, StoreItems } from './types';

const DAY_SECONDS = 24 * 60 * 60;

/** Days kept per retention group: RETENTION_DAYS, with RETENTION_DAYS_BY_KIND's overrides. */
export type RetentionDays = Readonly<Record<RetentionGroup, number>>;

/** How long each item kind lives, as ttl seconds for an item about to be written. */
export class RetentionPolicy {
  constructor(
    readonly kinds: readonly StoredKind[],
    readonly days: RetentionDays,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The ttl to write `item` under `key` with: the group's retention (from `retainFrom` when that
   * is later), or the writer's own ttl when shorter; kinds with their own life keep the writer's;
   * undefined for kinds that hold nothing personal. A key of no declared kind gets the
   * conversations' retention, so nothing is ever kept for good by mistake.
   */
  ttlFor(key: string, item: Record<string, unknown>): number | undefined {
    const own = typeof item.ttl === 'number' && item.ttl > 0 ? item.ttl : undefined;
    const retention = kindOf(this.kinds, key)?.retention ?? { group: 'conversations' as const };
    if ('keep' in retention) return own;
    if ('own' in retention) return own ?? this.days.conversations * DAY_SECONDS;
    const from = retention.retainFrom?.(item);
    const lead = from !== undefined && from > this.now() ? Math.ceil((from - this.now()) / 1000) : 0;
    const kept = lead + this.days[retention.group] * DAY_SECONDS;
    return own !== undefined && own < kept ? own : kept;
  }
}

/**
 * A store that gives every item written the ttl its kind's retention says (bots/state/
 * storedKinds.ts), so "kept 90 days" holds on every store: Cosmos DB expires items by their ttl,
 * LMDB's sweep and the memory store by theirs.
 */
export class RetentionStore implements ManagedStorage {
  private readonly warned = new Set<string>();

  constructor(
    private readonly inner: ManagedStorage,
    private readonly policy: RetentionPolicy,
    private readonly logger?: Logger,
  ) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    const kept: StoreItems = {};
    for (const [key, item] of Object.entries(changes)) {
      if (!item) {
        kept[key] = item;
        continue;
      }
      this.warnUndeclared(key);
      const ttl = this.policy.ttlFor(key, item as Record<string, unknown>);
      kept[key] = ttl === undefined ? item : { ...item, ttl };
    }
    return this.inner.write(kept);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  keys(prefix: string): AsyncIterable<string> {
    return this.inner.keys(prefix);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private warnUndeclared(key: string): void {
    if (kindOf(this.policy.kinds, key)) return;
    const shape = key.split('/').slice(0, 2).join('/');
    if (this.warned.has(shape)) return;
    this.warned.add(shape);
    this.logger?.warn({ key: shape }, 'an item of no declared kind was written; it gets the conversations\' retention (declare it in a storedKinds list)');
  }
}
