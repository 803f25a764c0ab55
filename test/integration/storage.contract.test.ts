import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CosmosStore } from '../../bots/state/cosmosStore';
import { FileStore } from '../../bots/state/fileStore';
import { startFakeCosmos } from '../fakes/cosmosServer';
import { MemoryStore } from '../../bots/state/memoryStore';
import { ETAG_NEW_ITEM, ETagConflictError, type ManagedStorage } from '../../bots/state/types';
import { storeFactories, type StoreFactory } from '../support/stores';

type Item = { value?: number; eTag?: string; [field: string]: unknown };

async function readOne(store: ManagedStorage, key: string): Promise<Item | undefined> {
  return (await store.read([key]))[key] as Item | undefined;
}

function contract(factory: StoreFactory): void {
  describe(`${factory.name} store`, () => {
    let store: ManagedStorage;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(() => factory.close(store));

    it('returns only keys that exist', async () => {
      await store.write({ a: { value: 1 } });
      assert.deepEqual(Object.keys(await store.read(['a', 'missing'])), ['a']);
    });

    it('round-trips nested JSON and gives it an eTag', async () => {
      const document = { value: 2, nested: { list: [1, 'two', { three: true }], when: '2026-11-22T10:00:00Z' }, text: 'zażółć gęślą jaźń' };
      await store.write({ doc: document });
      const read = await readOne(store, 'doc');
      assert.ok(read?.eTag, 'an eTag');
      const { eTag: _eTag, ...data } = read;
      assert.deepEqual(data, document);
    });

    it('writes unconditionally with no eTag or with "*"', async () => {
      await store.write({ k: { value: 1 } });
      await store.write({ k: { value: 2 } });
      await store.write({ k: { value: 3, eTag: '*' } });
      assert.equal((await readOne(store, 'k'))?.value, 3);
    });

    it('changes the eTag on every write', async () => {
      await store.write({ k: { value: 1 } });
      const first = (await readOne(store, 'k'))?.eTag;
      await store.write({ k: { value: 1, eTag: first } });
      assert.notEqual((await readOne(store, 'k'))?.eTag, first);
    });

    it('refuses a stale eTag with ETagConflictError and keeps the stored value', async () => {
      await store.write({ k: { value: 1 } });
      const stale = (await readOne(store, 'k'))?.eTag;
      await store.write({ k: { value: 2, eTag: stale } });
      await assert.rejects(store.write({ k: { value: 3, eTag: stale } }), ETagConflictError);
      assert.equal((await readOne(store, 'k'))?.value, 2);
    });

    it('refuses an eTag for a key that no longer exists', async () => {
      await store.write({ k: { value: 1 } });
      const eTag = (await readOne(store, 'k'))?.eTag;
      await store.delete(['k']);
      await assert.rejects(store.write({ k: { value: 2, eTag } }), ETagConflictError);
      assert.equal(await readOne(store, 'k'), undefined);
    });

    it('creates with ETAG_NEW_ITEM only when the key is free', async () => {
      await store.write({ k: { value: 1, eTag: ETAG_NEW_ITEM } });
      await assert.rejects(store.write({ k: { value: 2, eTag: ETAG_NEW_ITEM } }), ETagConflictError);
      assert.equal((await readOne(store, 'k'))?.value, 1);
    });

    it('deletes, and deleting a missing key is no error', async () => {
      await store.write({ a: { value: 1 }, b: { value: 2 } });
      await store.delete(['a', 'never-there']);
      assert.deepEqual(Object.keys(await store.read(['a', 'b'])), ['b']);
    });

    it('keeps keys with characters Cosmos DB forbids in ids apart', async () => {
      const keys = ['webchat/conversations/a?b#c\\d', 'webchat/conversations/a*2fb', 'emoji/👋'];
      await store.write(Object.fromEntries(keys.map((key, i) => [key, { value: i }])));
      const read = await store.read(keys);
      assert.deepEqual(keys.map((key) => (read[key] as Item | undefined)?.value), [0, 1, 2]);
    });

    it('lists the live keys under a prefix, each once, and none that were deleted', async () => {
      const prefix = `scan-${Math.random().toString(36).slice(2)}/`;
      const inside = [`${prefix}a`, `${prefix}b/c?d`, `${prefix}emoji/👋`];
      await store.write(Object.fromEntries([...inside, `${prefix}gone`, `other-${prefix}x`].map((key, i) => [key, { value: i }])));
      await store.delete([`${prefix}gone`]);
      const listed: string[] = [];
      for await (const key of store.keys(prefix)) listed.push(key);
      assert.deepEqual(listed.sort(), [...inside].sort());
    });

    it('answers ping', async () => {
      await store.ping();
    });

    it('50 racing read-modify-write increments that retry on conflict end at 50', async () => {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          for (;;) {
            const item = await readOne(store, 'counter');
            await new Promise((resolve) => setImmediate(resolve));
            try {
              await store.write({ counter: { value: (item?.value ?? 0) + 1, eTag: item?.eTag ?? ETAG_NEW_ITEM } });
              return;
            } catch (err) {
              if (!(err instanceof ETagConflictError)) throw err;
            }
          }
        }),
      );
      assert.equal((await readOne(store, 'counter'))?.value, 50);
    });
  });
}

describe('storage contract', () => {
  for (const factory of storeFactories()) contract(factory);

  describe('all-or-nothing batches (memory and file; Cosmos DB has no cross-partition transaction)', () => {
    for (const factory of storeFactories().filter((f) => f.name !== 'cosmos')) {
      it(`${factory.name}: a conflict on one key writes none of the batch`, async () => {
        const store = await factory.open();
        try {
          await store.write({ a: { value: 1 }, b: { value: 1 } });
          const a = await readOne(store, 'a');
          await store.write({ b: { value: 2 } });
          await assert.rejects(store.write({ a: { value: 9, eTag: a?.eTag }, b: { value: 9, eTag: a?.eTag } }), ETagConflictError);
          assert.equal((await readOne(store, 'a'))?.value, 1);
        } finally {
          await factory.close(store);
        }
      });
    }
  });

  describe('ttl', () => {
    const clock = { now: 1_000_000 };
    const dirs: string[] = [];
    after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
    const stores: [string, () => ManagedStorage & { sweep?: () => Promise<number> }][] = [
      ['memory', () => new MemoryStore(() => clock.now)],
      [
        'file',
        () => {
          const dir = mkdtempSync(join(tmpdir(), 'switchboard-ttl-'));
          dirs.push(dir);
          return new FileStore(dir, { now: () => clock.now });
        },
      ],
    ];
    for (const [name, make] of stores) {
      it(`${name}: an item is gone once its ttl (seconds) has passed, and the sweep removes it`, async () => {
        const store = make();
        try {
          await store.write({ short: { value: 1, ttl: 60 }, forever: { value: 2 } });
          clock.now += 59_000;
          assert.equal((await readOne(store, 'short'))?.value, 1);
          clock.now += 2_000;
          assert.equal(await readOne(store, 'short'), undefined);
          assert.equal((await readOne(store, 'forever'))?.value, 2);
          const listed: string[] = [];
          for await (const key of store.keys('')) listed.push(key);
          assert.deepEqual(listed, ['forever'], 'an expired key is not listed');
          if (store.sweep) assert.equal(await store.sweep(), 1);
          // An expired key counts as free for a create-only write.
          await store.write({ short: { value: 3, eTag: ETAG_NEW_ITEM } });
          assert.equal((await readOne(store, 'short'))?.value, 3);
        } finally {
          await store.close();
        }
      });
    }
  });

  it('file: data survives closing and reopening the directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-durable-'));
    try {
      const first = new FileStore(dir);
      await first.write({ kept: { value: 42 } });
      const eTag = (await readOne(first, 'kept'))?.eTag;
      await first.close();
      const second = new FileStore(dir);
      const read = await readOne(second, 'kept');
      assert.equal(read?.value, 42);
      assert.equal(read?.eTag, eTag, 'the eTag survives too, so a turn in flight across a restart still conflicts correctly');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Cosmos DB container TTL', function () {
  this.timeout(30_000);
  it('a container the store creates has TTL on, so items are deleted when their retention (ttl) ends', async () => {
    const server = await startFakeCosmos();
    try {
      const options = { endpoint: server.endpoint, key: 'test-key', databaseId: 'switchboard-test', clientOptions: { agent: server.agent } };
      const created = new CosmosStore({ ...options, containerId: `ttl-${randomUUID()}` });
      assert.deepEqual(await created.init(), { ttlEnabled: true });
      await created.close();
    } finally {
      await server.stop();
    }
  });
});
