import assert from 'node:assert/strict';
import { loadConversations } from '../../scripts/conversations/cli';
import { replay } from '../../scripts/conversations/replay';

/**
 * The conversation corpus (test/conversations/*.txt): customers writing as people do, through the
 * real bot and pipeline. Each conversation must go exactly as scripted, reply by reply.
 * test/conversations/pending/ holds conversations for behaviour not built yet; `npm run
 * conversations -- test/conversations/pending` shows how far they get.
 */
describe('conversation corpus', function () {
  this.timeout(60_000);
  for (const conversation of loadConversations(['test/conversations'])) {
    it(`${conversation.locale}: ${conversation.title}`, async () => {
      const result = await replay(conversation);
      assert.equal(result.failure, undefined);
    });
  }
});
