import { createHash, randomInt } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { readItem, updateItem } from '../../bots/state/storeItem';
import type { ManagedStorage } from '../../bots/state/types';
import { normaliseContact } from '../customers/customerRecord';

/** A code works this long after it was sent. */
export const CODE_VALID_MS = 15 * 60_000;
/** The item outlives its code, so sends are counted over the hour. */
const KEPT_SECONDS = 60 * 60;
const SENDS_PER_HOUR = 3;
const TRIES_PER_CODE = 5;

interface CodeItem {
  identity: string;
  email: string;
  /** sha256 of identity and code: the code itself is never stored. */
  hash: string;
  expiresAt: number;
  tries: number;
  /** When codes were sent to this identity in the last hour. */
  sends: number[];
}

export type Issued = { code: string } | { refused: 'too-many-sends' };
export type Checked = { verified: string } | { refused: 'wrong' | 'expired' | 'too-many-tries' };

const keyOf = (identity: string) => `customers/code/${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
const hashOf = (identity: string, code: string) => createHash('sha256').update(`${identity}\n${code}`).digest('hex');

/**
 * One-time codes that prove an e-mail address: one live code per chat identity, valid 15
 * minutes, good for one use and five tries, at most three sent per hour per identity (kept in the
 * store, so every instance counts them) and five per address per instance (rate-limiter-flexible),
 * so nobody can flood someone else's inbox by typing their address.
 */
export class EmailCodes {
  private readonly perAddress = new RateLimiterMemory({ points: 5, duration: 60 * 60 });

  constructor(
    private readonly storage: ManagedStorage,
    private readonly clock: () => Date,
  ) {}

  async issue(identity: string, email: string): Promise<Issued> {
    const now = this.clock().getTime();
    const address = normaliseContact('email', email);
    const current = await readItem<CodeItem>(this.storage, keyOf(identity));
    const sends = (current?.sends ?? []).filter((at) => at > now - KEPT_SECONDS * 1000);
    if (sends.length >= SENDS_PER_HOUR) return { refused: 'too-many-sends' };
    try {
      await this.perAddress.consume(address);
    } catch {
      return { refused: 'too-many-sends' };
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const item: CodeItem = { identity, email: address, hash: hashOf(identity, code), expiresAt: now + CODE_VALID_MS, tries: 0, sends: [...sends, now] };
    await updateItem<CodeItem>(this.storage, keyOf(identity), () => item, KEPT_SECONDS);
    return { code };
  }

  /** Whether `typed` is this identity's live code; a right code is used up, a wrong one counts a try. */
  async check(identity: string, typed: string): Promise<Checked> {
    const now = this.clock().getTime();
    let result: Checked = { refused: 'expired' };
    await updateItem<CodeItem>(
      this.storage,
      keyOf(identity),
      (item) => {
        if (!item || item.hash === '' || item.expiresAt <= now) {
          result = { refused: 'expired' };
          return undefined;
        }
        if (item.hash === hashOf(identity, typed)) {
          result = { verified: item.email };
          return { ...item, hash: '' };
        }
        const tries = item.tries + 1;
        result = { refused: tries >= TRIES_PER_CODE ? 'too-many-tries' : 'wrong' };
        return { ...item, tries, ...(tries >= TRIES_PER_CODE ? { hash: '' } : {}) };
      },
      KEPT_SECONDS,
    );
    return result;
  }
}
