import { randomBytes } from 'node:crypto';
import { readItem } from './storeItem';
import { ETAG_NEW_ITEM, isETagConflict, type ManagedStorage } from './types';

const secretKey = (name: string) => `secrets/${name}`;

interface SecretItem {
  value: string;
}

/**
 * A random key shared by every instance, made once and kept in the store: Message-IDs the
 * customer must quote back, and hashes an audit keeps, are keyed with it so nobody can compute
 * them from what they know. In the store rather than in the environment so a laptop and a fresh
 * deploy need no setting; whoever can read the store could read the data itself anyway.
 */
export async function serverSecret(storage: ManagedStorage, name: string): Promise<Buffer> {
  for (let attempt = 1; ; attempt += 1) {
    const existing = await readItem<SecretItem>(storage, secretKey(name));
    if (existing) return Buffer.from(existing.value, 'base64');
    const value = randomBytes(32).toString('base64');
    try {
      // Two instances starting together: one write wins, the other reads the winner's value.
      await storage.write({ [secretKey(name)]: { value, eTag: ETAG_NEW_ITEM } });
      return Buffer.from(value, 'base64');
    } catch (err) {
      if (!isETagConflict(err) || attempt >= 3) throw err;
    }
  }
}
