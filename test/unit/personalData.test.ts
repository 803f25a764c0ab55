import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import { BOT_STORED_KINDS } from '../../bots/state/storedKinds';
import { CustomerDirectory } from '../../dialogs/customers/customerDirectory';
import { PersonalData } from '../../dialogs/customers/personalData';
import { DIALOG_STORED_KINDS } from '../../dialogs/storedKinds';

const kinds = [...BOT_STORED_KINDS, ...DIALOG_STORED_KINDS];
const sighting = (identity: string, conversation: string) => ({ identity, channel: identity.split('/')[0] ?? '', conversationKey: conversation, reference: {} });

describe('PersonalData: an erase takes only what is the customer\'s', () => {
  it('an address is not found inside a longer one: erasing john@yahoo.com leaves john@yahoo.com.au alone', async () => {
    const store = new MemoryStore();
    const directory = new CustomerDirectory(store);
    await directory.sighted(sighting('email/users/john@yahoo.com', 'email/conversations/email-aaaaaaaaaaaaaaaaaaaaaaaa'));
    await directory.sighted(sighting('email/users/john@yahoo.com.au', 'email/conversations/email-bbbbbbbbbbbbbbbbbbbbbbbb'));
    await store.write({ 'email/users/john@yahoo.com': { name: 'John' }, 'email/users/john@yahoo.com.au': { name: 'John from Sydney' } });
    await directory.verified('email/users/john@yahoo.com', 'email', 'john@yahoo.com', 'email-sender');
    await directory.verified('email/users/john@yahoo.com.au', 'email', 'john@yahoo.com.au', 'email-sender');
    await new PersonalData(store, kinds, directory).erase({ email: 'john@yahoo.com' }, { by: 'operator' });
    assert.deepEqual(await store.read(['email/users/john@yahoo.com']), {});
    assert.ok((await directory.ofIdentity('email/users/john@yahoo.com.au'))?.contacts.some((c) => c.value === 'john@yahoo.com.au'));
    assert.equal(((await store.read(['email/users/john@yahoo.com.au']))['email/users/john@yahoo.com.au'] as { name?: string } | undefined)?.name, 'John from Sydney');
  });

  it('a bare Telegram id counts only in Telegram\'s own items: someone else\'s ticket that says "12345678" stays', async () => {
    const store = new MemoryStore();
    const directory = new CustomerDirectory(store);
    await directory.sighted(sighting('telegram/users/12345678', 'telegram/conversations/12345678'));
    await store.write({
      'telegram/conversations/12345678': { transcript: [{ from: 'customer', text: 'hi' }] },
      'telegram/unreachable/12345678': { at: 1 },
      'handover/ticket/ffffffffffffffffffffffffffffffff': { customerKey: 'webchat/users/dl_someone_else', reference: { channelId: 'webchat', user: { id: 'dl_someone_else' } }, messages: [{ from: 'customer', text: '12345678' }] },
      'handover/ticket/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee': { customerKey: 'telegram/users/12345678', reference: { channelId: 'telegram', user: { id: '12345678' } }, messages: [] },
    });
    const counts = await new PersonalData(store, kinds, directory).erase({ identity: 'telegram/users/12345678' }, { by: 'operator' });
    assert.ok(counts.deleted >= 4, JSON.stringify(counts));
    const left = await store.read(['telegram/conversations/12345678', 'telegram/unreachable/12345678', 'handover/ticket/ffffffffffffffffffffffffffffffff', 'handover/ticket/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee']);
    assert.deepEqual(Object.keys(left), ['handover/ticket/ffffffffffffffffffffffffffffffff']);
  });

  it('a split takes the contacts the split-off identity proved, so its next mail does not merge them again', async () => {
    const store = new MemoryStore();
    const directory = new CustomerDirectory(store);
    const anna = await directory.sighted(sighting('webchat/users/dl_anna_0123456789', 'webchat/conversations/wc_anna_0123456789'));
    const bob = await directory.sighted(sighting('email/users/bob@example.com', 'email/conversations/email-cccccccccccccccccccccccc'));
    await directory.verified('email/users/bob@example.com', 'email', 'bob@example.com', 'email-sender');
    await directory.merge(anna.id, bob.id, { via: 'agent-merge', agent: 'Ben' });
    const separate = await directory.split(anna.id, 'email/users/bob@example.com', { agent: 'Ben' });
    assert.deepEqual(separate.contacts.map((c) => c.value), ['bob@example.com']);
    assert.equal((await directory.ofContact('email', 'bob@example.com'))?.id, separate.id);
    assert.deepEqual((await directory.get(anna.id))?.contacts, []);
    // Bob writes again: his record, not Anna's.
    assert.equal((await directory.verified('email/users/bob@example.com', 'email', 'bob@example.com', 'email-sender'))?.id, separate.id);
    assert.deepEqual((await directory.get(anna.id))?.identities.map((i) => i.key), ['webchat/users/dl_anna_0123456789']);
  });

  it('a customer\'s own erase reaches what they proved, not what an agent merged in: Bob keeps his mail when Anna erases', async () => {
    const store = new MemoryStore();
    const directory = new CustomerDirectory(store);
    const anna = await directory.sighted(sighting('webchat/users/dl_anna_0123456789', 'webchat/conversations/wc_anna_0123456789'));
    await directory.sighted(sighting('email/users/anna@example.com', 'email/conversations/email-dddddddddddddddddddddddd'));
    await directory.verified('webchat/users/dl_anna_0123456789', 'email', 'anna@example.com', 'email-code');
    await directory.verified('email/users/anna@example.com', 'email', 'anna@example.com', 'email-sender');
    const bob = await directory.sighted(sighting('email/users/bob@example.com', 'email/conversations/email-cccccccccccccccccccccccc'));
    await directory.merge(anna.id, bob.id, { via: 'agent-merge', agent: 'Ben' });
    await store.write({ 'email/users/bob@example.com': { name: 'Bob' }, 'email/users/anna@example.com': { name: 'Anna' } });
    assert.deepEqual((await directory.erasureScope('email/users/anna@example.com')).sort(), ['email/users/anna@example.com', 'webchat/users/dl_anna_0123456789']);
    assert.deepEqual(await directory.erasureScope('email/users/bob@example.com'), ['email/users/bob@example.com'], 'Bob, merged in by the agent, erases only himself');

    await directory.separateForErasure('webchat/users/dl_anna_0123456789');
    await new PersonalData(store, kinds, directory).erase({ identity: 'webchat/users/dl_anna_0123456789' }, { by: 'customer' });
    assert.deepEqual(Object.keys(await store.read(['email/users/anna@example.com', 'email/users/bob@example.com'])), ['email/users/bob@example.com']);
    assert.deepEqual((await directory.ofIdentity('email/users/bob@example.com'))?.identities.map((i) => i.key), ['email/users/bob@example.com']);
  });
});
