import assert from 'node:assert/strict';
import { alreadySeen, MAX_REMEMBERED, remember, seenActivities, type SeenActivities } from '../../bots/pipeline/dedupe';

const MINUTE = 60_000;
const TTL = 10 * MINUTE;
const none = (): SeenActivities => ({ ids: [], expiresMinute: [] });

describe('dedupe memory', () => {
  it('recognises a remembered id until its time runs out', () => {
    const seen = remember(none(), 'a', 0, TTL);
    assert.equal(alreadySeen(seen, 'a', TTL - 1), true);
    assert.equal(alreadySeen(seen, 'a', TTL), false);
    assert.equal(alreadySeen(seen, 'b', 10), false);
  });

  it('remembers to the whole minute, never shorter than asked', () => {
    const seen = remember(none(), 'a', 30_000, TTL);
    assert.equal(alreadySeen(seen, 'a', 30_000 + TTL - 1), true);
  });

  it('drops expired ids when it records a new one', () => {
    const seen = remember(remember(none(), 'old', 0, TTL), 'new', TTL + MINUTE, TTL);
    assert.deepEqual(seen.ids, ['new']);
  });

  it('keeps only the newest ids once there are more than it remembers', () => {
    let seen = none();
    for (let i = 0; i < MAX_REMEMBERED + 5; i += 1) seen = remember(seen, `id-${i}`, i, TTL);
    assert.equal(seen.ids.length, MAX_REMEMBERED);
    assert.equal(alreadySeen(seen, 'id-4', 1000), false);
    assert.equal(alreadySeen(seen, 'id-5', 1000), true);
    assert.equal(alreadySeen(seen, `id-${MAX_REMEMBERED + 4}`, 1000), true);
  });

  it('remembering an id again moves it to the newest end instead of keeping two', () => {
    const seen = remember(remember(remember(none(), 'a', 0, TTL), 'b', 1, TTL), 'a', 2, TTL);
    assert.deepEqual(seen.ids, ['b', 'a']);
  });

  it('survives a round trip through JSON, as state is stored', () => {
    const seen = remember(remember(none(), 'a', 0, TTL), 'b', 1, TTL);
    const stored: unknown = JSON.parse(JSON.stringify(seen));
    assert.equal(alreadySeen(seenActivities(stored), 'b', 2), true);
  });

  it('reads state saved in the earlier shape (an object of id → expiry in ms), oldest first', () => {
    const seen = seenActivities({ '5002': 3 * MINUTE, 'mid.b': 2 * MINUTE, 'mid.a': MINUTE });
    assert.deepEqual(seen.ids, ['mid.a', 'mid.b', '5002']);
    assert.equal(alreadySeen(seen, 'mid.b', MINUTE + 1), true);
    assert.equal(alreadySeen(seen, 'mid.a', MINUTE + 1), false);
  });

  it('treats missing or malformed stored values as nothing seen', () => {
    assert.deepEqual(seenActivities(undefined), none());
    assert.deepEqual(seenActivities('garbage'), none());
    assert.deepEqual(seenActivities({ ids: ['ok', 'bad', 3], expiresMinute: [5, 'x', 6] }), { ids: ['ok'], expiresMinute: [5] });
  });
});
