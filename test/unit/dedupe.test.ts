import assert from 'node:assert/strict';
import { alreadySeen, MAX_REMEMBERED, remember, type SeenActivities } from '../../bots/pipeline/dedupe';

const TTL = 1000;

describe('dedupe memory', () => {
  it('recognises a remembered id until its time runs out', () => {
    const seen = remember(undefined, 'a', 0, TTL);
    assert.equal(alreadySeen(seen, 'a', 999), true);
    assert.equal(alreadySeen(seen, 'a', 1000), false);
    assert.equal(alreadySeen(seen, 'b', 10), false);
  });

  it('drops expired ids when it records a new one', () => {
    let seen = remember(undefined, 'old', 0, TTL);
    seen = remember(seen, 'new', 1500, TTL);
    assert.deepEqual(Object.keys(seen), ['new']);
  });

  it('keeps only the newest ids once there are more than it remembers', () => {
    let seen: SeenActivities | undefined;
    for (let i = 0; i < MAX_REMEMBERED + 5; i += 1) seen = remember(seen, `id-${i}`, i, TTL * 1000);
    const ids = Object.keys(seen ?? {});
    assert.equal(ids.length, MAX_REMEMBERED);
    assert.equal(alreadySeen(seen, 'id-4', MAX_REMEMBERED + 5), false);
    assert.equal(alreadySeen(seen, 'id-5', MAX_REMEMBERED + 5), true);
    assert.equal(alreadySeen(seen, `id-${MAX_REMEMBERED + 4}`, MAX_REMEMBERED + 5), true);
  });

  it('remembering an id again moves it to the newest end instead of keeping two', () => {
    let seen = remember(undefined, 'a', 0, TTL);
    seen = remember(seen, 'b', 1, TTL);
    seen = remember(seen, 'a', 2, TTL);
    assert.deepEqual(Object.keys(seen), ['b', 'a']);
    assert.equal(seen.a, 2 + TTL);
  });
});
