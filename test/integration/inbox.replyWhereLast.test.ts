import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import type { ConversationDetail, ReplyResult } from '../../channels/inbox/wireTypes';
import { ANNA_TOKEN, eventually, inboxClient } from '../support/inbox';
import { ANNA, startMultiChannelServer, telegramChat, webChatVisitor } from '../support/multiChannelRun';

describe('Inbox: an agent\'s reply reaches the customer where they wrote last', function () {
  this.timeout(60_000);
  let server: Awaited<ReturnType<typeof startMultiChannelServer>>;
  before(async () => {
    // The real clock: which conversation is the latest is the point here.
    server = await startMultiChannelServer(new MemoryStore(), {}, () => new Date());
  });
  after(() => server.stop());

  it('asked on the web chat, wrote later on Telegram: the reply goes to Telegram and her answer there reaches the agent; the agent can still pick the web chat', async () => {
    const web = await webChatVisitor(server);
    await web.say('can i talk to a person please');
    await web.say('my order arrived damaged');
    const agent = inboxClient(server.running.baseUrl, ANNA_TOKEN);
    const listed = await agent.waitFor((c) => c.summary === 'my order arrived damaged');
    assert.equal((await agent.claim(listed.id)).status, 200);
    const telegram = telegramChat(server, ANNA.telegramId);
    await telegram('hello, i asked on your website about my damaged order');

    const detail = (await agent.call('GET', `/conversations/${listed.id}`).then((r) => r.json())) as ConversationDetail;
    assert.ok(detail.person);
    const webConversation = detail.person.conversations.find((c) => c.channel === 'webchat')?.key;
    assert.ok(webConversation);
    const other = await eventually(async () => {
      for await (const key of server.running.storage.keys(`customers/identity/telegram/users/${ANNA.telegramId}`)) return (await server.running.storage.read([key]))[key] as { customerId: string };
      return undefined;
    }, 'the Telegram customer record');
    assert.equal((await agent.call('POST', `/customers/${detail.person.id}/merge`, { customer: other.customerId })).status, 200);

    const before = server.telegram.sent().length;
    const sent = await agent.reply(listed.id, 'Sorry about that, a replacement is on its way');
    assert.equal(sent.status, 201);
    assert.deepEqual((await sent.json()) as ReplyResult, { delivered: true, channel: 'telegram' });
    const onTelegram = (await server.telegram.waitForSent(before + 1)).slice(before).map((call) => String(call.payload.text ?? ''));
    assert.ok(onTelegram.some((text) => text.includes('Sorry about that, a replacement is on its way')), onTelegram.join('\n'));

    await telegram('great, thank you so much', 0);
    await eventually(async () => ((await agent.get(listed.id)).messages.some((m) => m.from === 'customer' && m.text === 'great, thank you so much') ? true : undefined), 'her Telegram answer on the ticket');

    const here = await agent.call('POST', `/conversations/${listed.id}/messages`, { text: 'the same, for your web chat', to: 'here' });
    assert.equal(((await here.json()) as ReplyResult).channel, 'telegram', '"here" is where the ticket now lives: where she was reached');
    const back = await agent.call('POST', `/conversations/${listed.id}/messages`, { text: 'and a copy in the web chat', to: webConversation });
    assert.deepEqual((await back.json()) as ReplyResult, { delivered: true, channel: 'webchat' });
    await eventually(() => (web.texts().some((text) => text.includes('and a copy in the web chat')) ? true : undefined), 'the copy in the web chat');
    assert.equal((await agent.call('POST', `/conversations/${listed.id}/messages`, { text: 'x', to: 42 })).status, 400);
    web.end();
  });
});
