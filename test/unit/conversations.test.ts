import assert from 'node:assert/strict';
import { loadConversations } from '../../scripts/conversations/cli';
import { replay } from '../../scripts/conversations/replay';

/**
 * The conversation corpus (test/conversations/*.txt): customers writing as people do, through the
 * real bot and pipeline. Each conversation must go exactly as scripted, reply by reply.
 * test/conversations/heldout/ is not run here: it is a second set nobody tuned the dialogs for,
 * measured with `npm run conversations -- test/conversations/heldout`.
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
