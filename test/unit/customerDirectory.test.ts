import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import { CustomerDirectory } from '../../dialogs/customers/customerDirectory';

const sighting = (identity: string, conversation: string) => ({ identity, channel: identity.split('/')[0] ?? '', conversationKey: conversation, reference: {} });

describe('CustomerDirectory.verified: the same proof from two places is one person', () => {
  it('two chats proving the same address at the same moment end up as one record, whichever writes first', async () => {
    for (let round = 0; round < 5; round += 1) {
      const directory = new CustomerDirectory(new MemoryStore());
      await directory.sighted(sighting('webchat/users/dl_first_0123456789', 'webchat/conversations/wc_first_0123456789'));
      await directory.sighted(sighting('telegram/users/987654321', 'telegram/conversations/987654321'));
      const [a, b] = await Promise.all([
        directory.verified('webchat/users/dl_first_0123456789', 'email', 'Anna@Example.com', 'email-code'),
        directory.verified('telegram/users/987654321', 'email', 'anna@example.com ', 'email-code'),
      ]);
      const holder = await directory.ofContact('email', 'anna@example.com');
      assert.ok(holder, 'the address is in the index');
      assert.deepEqual(holder.identities.map((i) => i.key).sort(), ['telegram/users/987654321', 'webchat/users/dl_first_0123456789']);
      assert.equal((await directory.ofIdentity('webchat/users/dl_first_0123456789'))?.id, holder.id);
      assert.equal((await directory.ofIdentity('telegram/users/987654321'))?.id, holder.id);
      assert.ok([a.id, b.id].includes(holder.id));
    }
  });

  it('opens the record when the identity has none yet, instead of dropping the proof', async () => {
    const directory = new CustomerDirectory(new MemoryStore());
    const record = await directory.verified('webchat/users/dl_new_0123456789', 'email', 'new@example.com', 'email-code');
    assert.deepEqual(record.contacts.map((c) => c.value), ['new@example.com']);
    assert.equal((await directory.ofIdentity('webchat/users/dl_new_0123456789'))?.id, record.id);
  });
});
