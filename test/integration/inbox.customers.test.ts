import assert from 'node:assert/strict';
import type { ManagedStorage } from '../../bots/state/types';
import type { CustomerDetail, ConversationDetail } from '../../channels/inbox/wireTypes';
import { ANNA_TOKEN, BEN_TOKEN, inboxClient } from '../support/inbox';
import { ANNA, startMultiChannelServer, telegramChat, webChatVisitor } from '../support/multiChannelRun';
import { storeFactories } from '../support/stores';

type Server = Awaited<ReturnType<typeof startMultiChannelServer>>;

/** A customer asks for a person and describes it; resolves with the inbox's conversation of it. */
async function askForPerson(server: Server, say: (text: string) => Promise<unknown>, summary: string): Promise<ConversationDetail> {
  await say('can i talk to a person please');
  await say(summary);
  const anna = inboxClient(server.running.baseUrl, ANNA_TOKEN);
  const listed = await anna.waitFor((c) => c.summary === summary);
  return (await anna.call('GET', `/conversations/${listed.id}`).then((r) => r.json())) as ConversationDetail;
}

for (const factory of storeFactories()) {
  describe(`Inbox: one customer across channels, merged and split by agents (${factory.name} store)`, function () {
    this.timeout(90_000);
    let storage: ManagedStorage;
    let server: Server;
    before(async () => {
      storage = await factory.open();
      server = await startMultiChannelServer(storage);
    });
    after(async () => {
      await server.stop();
      await factory.close(storage);
    });

    it('a merge shows both channels in one timeline with both records; racing merges: one wins, the other gets 409; a split undoes it', async () => {
      const web = await webChatVisitor(server);
      const onWeb = await askForPerson(server, (text) => web.say(text), 'my jacket zip broke, web chat');
      const onTelegram = await askForPerson(server, telegramChat(server, ANNA.telegramId), 'still waiting about the zip, telegram');
      const carol = await webChatVisitor(server);
      const onCarol = await askForPerson(server, (text) => carol.say(text), 'carol here about a voucher');
      const [a, b, c] = [onWeb.person?.id, onTelegram.person?.id, onCarol.person?.id];
      assert.ok(a && b && c && new Set([a, b, c]).size === 3, 'three customers before anyone merges');

      const anna = inboxClient(server.running.baseUrl, ANNA_TOKEN);
      const ben = inboxClient(server.running.baseUrl, BEN_TOKEN);
      // Anna and Ben each think the Telegram customer is someone else's: only one of them can be right first.
      const [first, second] = await Promise.all([anna.call('POST', `/customers/${a}/merge`, { customer: b }), ben.call('POST', `/customers/${c}/merge`, { customer: b })]);
      assert.deepEqual([first.status, second.status].sort(), [200, 409]);
      const winner = first.status === 200 ? first : second;
      const merged = (await winner.json()) as CustomerDetail;
      const survivor = first.status === 200 ? a : c;
      assert.equal(merged.person.id, survivor);
      const forwarded = (await anna.call('GET', `/customers/${b}`).then((r) => r.json())) as CustomerDetail;
      assert.equal(forwarded.person.id, survivor, 'the merged-away id leads to the survivor');

      // Whoever won, the survivor is one customer on both channels, with both conversations in one timeline.
      const [ownLine, ownTicket] = survivor === a ? ['my jacket zip broke, web chat', onWeb.id] : ['carol here about a voucher', onCarol.id];
      assert.deepEqual(merged.person.identities.map((i) => i.channel).sort(), ['telegram', 'webchat']);
      const timeline = merged.person.timeline.map((line) => `${line.channel}: ${line.text}`);
      assert.ok(timeline.includes(`webchat: ${ownLine}`) && timeline.includes('telegram: still waiting about the zip, telegram'), timeline.join('\n'));
      const again = (await anna.call('GET', `/conversations/${ownTicket}`).then((r) => r.json())) as ConversationDetail;
      assert.equal(again.person?.timeline.length, merged.person.timeline.length, 'the web chat conversation shows the same person');

      const split = await anna.call('POST', `/customers/${survivor}/split`, { identity: `telegram/users/${ANNA.telegramId}` });
      assert.equal(split.status, 201);
      const separate = (await split.json()) as CustomerDetail;
      assert.deepEqual(separate.person.identities.map((i) => i.key), [`telegram/users/${ANNA.telegramId}`]);
      const left = (await anna.call('GET', `/customers/${survivor}`).then((r) => r.json())) as CustomerDetail;
      assert.ok(left.person.identities.every((i) => i.channel === 'webchat'));
      let audited = 0;
      for await (const key of storage.keys('customers/audit/')) audited += key ? 1 : 0;
      assert.equal(audited, 2, 'the merge and the split are audited');
      web.end();
      carol.end();
    });

    it('refuses what makes no sense with a 4xx and a reason', async () => {
      const anna = inboxClient(server.running.baseUrl, ANNA_TOKEN);
      const some = '7d0e8f7e-1d4b-4b8e-9f3a-2a1b3c4d5e6f';
      assert.equal((await anna.call('GET', '/customers/not-an-id')).status, 400);
      assert.equal((await anna.call('GET', `/customers/${some}`)).status, 404);
      assert.equal((await anna.call('POST', `/customers/${some}/merge`, { customer: some })).status, 400);
      assert.equal((await anna.call('POST', `/customers/${some}/merge`, { customer: 42 })).status, 400);
      assert.equal((await anna.call('POST', `/customers/${some}/split`, { identity: 'webchat/users/x' })).status, 404);
      assert.equal((await fetch(`${server.running.baseUrl}/api/inbox/customers/${some}`)).status, 401);
    });
  });
}
