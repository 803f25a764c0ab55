import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { SEEN_PROPERTY } from '../../bots/pipeline/dedupe';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createAzureChannel } from '../../channels/azure';
import { createWebChatChannel } from '../../channels/webchat';
import { createEmailChannel } from '../../channels/email';
import { createMessengerChannel } from '../../channels/messenger';
import { signatureFor } from '../../channels/messenger/signature';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { startFakeConnector } from '../fakes/botConnector';
import { startFakeGraphApi } from '../fakes/graphApi';
import { startImapServer } from '../fakes/imapServer';
import { startSmtpRelay } from '../fakes/smtpRelay';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { ANNA_TOKEN, INBOX_ENV, inboxClient } from '../support/inbox';
import { composeMail, emailEnv, MAILBOX_PASSWORD, replyTo, SHOP_ADDRESS } from '../support/mailCustomer';
import { serverUnderTest } from '../support/server';

telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };
const DAY = 24 * 60 * 60 * 1000;
const messageText = (request: { message?: unknown } | undefined) => {
  const message = request?.message;
  return typeof message === 'object' && message !== null && 'text' in message ? String(message.text) : '';
};

type Agent = ReturnType<typeof inboxClient>;

/** The agent's half of every channel's test: claim, reply, and (after `between`) resolve. */
async function agentHandles(anna: Agent, summary: string, between: (id: string) => Promise<void>): Promise<string> {
  const listed = await anna.waitFor((c) => c.summary === summary);
  assert.equal((await anna.claim(listed.id)).status, 200);
  const sent = await anna.reply(listed.id, 'Hello, Anna here. Let me check.');
  assert.equal(sent.status, 201);
  await between(listed.id);
  assert.equal((await anna.resolve(listed.id)).status, 200);
  return listed.id;
}

describe('Agent inbox end to end on every channel', function () {
  this.timeout(40_000);

  it('Telegram (fake Bot API): handover, agent reply in the chat, resolve, rating question', async () => {
    const token = '123456:test-token';
    const fake = await startFakeTelegramApi(token);
    const running = await serverUnderTest({ ...INBOX_ENV, TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-123', TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' }, new MemoryStore(), [createTelegramChannel]);
    let updateId = 9000;
    const send = (text: string) => {
      updateId += 1;
      return fetch(`${running.baseUrl}/api/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'webhook-secret-123' },
        body: JSON.stringify({ update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: 77, type: 'private' }, from: { id: 77, is_bot: false, first_name: 'Eve', language_code: 'en' }, text } }),
      });
    };
    const texts = () => fake.sent().map((c) => String(c.payload.text ?? ''));
    try {
      await send('agent');
      await fake.waitForSent(1);
      await send('Where is my parcel?');
      await fake.waitForSent(2);
      assert.match(texts()[1] ?? '', /number 1 in line/);
      await agentHandles(inboxClient(running.baseUrl, ANNA_TOKEN), 'Where is my parcel?', async () => {
        const [joined, reply] = (await fake.waitForSent(4)).slice(2);
        assert.equal(joined?.payload.text, 'Anna from our team has joined the conversation.');
        assert.equal(reply?.payload.chat_id, 77);
        assert.equal(reply?.payload.text, 'Anna:\nHello, Anna here. Let me check.', 'one bot identity: the name line says who writes');
      });
      await fake.waitForSent(6);
      assert.match(texts()[4] ?? '', /Anna has finished the conversation/);
      assert.match(texts()[5] ?? '', /How happy are you/);
    } finally {
      await running.stop();
      await fake.stop();
    }
  });

  it('Messenger (fake Graph API): reply inside 24 h, HUMAN_AGENT tag after it, refused (delivered:false) after 7 days', async () => {
    const graph = await startFakeGraphApi();
    const storage = new MemoryStore();
    const secret = 'test-app-secret';
    const running = await serverUnderTest({ ...INBOX_ENV, MESSENGER_PAGE_ACCESS_TOKEN: 'page-token', MESSENGER_APP_SECRET: secret, MESSENGER_VERIFY_TOKEN: 'verify-me-please', MESSENGER_GRAPH_API_URL: graph.url }, storage, [createMessengerChannel]);
    let mid = 0;
    const send = (text: string) => {
      mid += 1;
      const raw = JSON.stringify({ object: 'page', entry: [{ id: 'PAGE', time: Date.now(), messaging: [{ sender: { id: 'psid-1' }, recipient: { id: 'PAGE' }, timestamp: Date.now(), message: { mid: `m.${mid}`, text } }] }] });
      return fetch(`${running.baseUrl}/api/messenger/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(raw, secret) }, body: raw });
    };
    const lastInboundAt = (at: number) => storage.write({ 'facebook/lastInbound/psid-1': { at, ttl: 8 * 24 * 60 * 60 } });
    const anna = inboxClient(running.baseUrl, ANNA_TOKEN);
    try {
      await send('agent');
      await graph.waitForMessages(1);
      await send('My refund is missing');
      await graph.waitForMessages(2);
      await agentHandles(anna, 'My refund is missing', async (id) => {
        const [joined, reply] = (await graph.waitForMessages(4)).slice(2);
        assert.equal(messageText(joined), 'Anna from our team has joined the conversation.');
        assert.equal(reply?.messaging_type, 'RESPONSE');
        assert.equal(messageText(reply), 'Anna:\nHello, Anna here. Let me check.');

        await lastInboundAt(Date.now() - 2 * DAY);
        assert.equal((await anna.reply(id, 'Still on it.')).status, 201);
        const tagged = (await graph.waitForMessages(5))[4];
        assert.equal(tagged?.messaging_type, 'MESSAGE_TAG');
        assert.equal(tagged?.tag, 'HUMAN_AGENT');

        await lastInboundAt(Date.now() - 8 * DAY);
        const refused = await anna.reply(id, 'Are you there?');
        assert.equal(refused.status, 202);
        assert.equal(((await refused.json()) as { delivered: boolean }).delivered, false);
        assert.equal(graph.messages().length, 5, 'nothing sent outside the policy');
        const line = (await anna.get(id)).messages.find((m) => m.text === 'Are you there?');
        assert.equal(line?.delivered, false);
        await lastInboundAt(Date.now());
      });
      const after = await graph.waitForMessages(7);
      assert.match(messageText(after[5]), /Anna has finished the conversation/);
      assert.match(messageText(after[6]), /How happy are you/);
    } finally {
      await running.stop();
      await graph.stop();
    }
  });

  it('E-mail (dovecot + SMTP relay): the agent reply goes out in the same thread, without Auto-Submitted', async () => {
    const imap = await startImapServer({ [SHOP_ADDRESS]: MAILBOX_PASSWORD });
    const relay = await startSmtpRelay(SHOP_ADDRESS, MAILBOX_PASSWORD);
    const running = await serverUnderTest({ ...INBOX_ENV, ...emailEnv(imap, relay) }, new MemoryStore(), [createEmailChannel]);
    const customer = 'Olga Kowalska <olga@example.com>';
    try {
      await imap.deliver(SHOP_ADDRESS, await composeMail({ from: customer, to: SHOP_ADDRESS, subject: 'Broken kettle', text: 'agent' }));
      const [askSummary] = await relay.waitFor(1);
      await imap.deliver(SHOP_ADDRESS, await replyTo(askSummary as ParsedMail, customer, 'My kettle broke after two days'));
      const queued = (await relay.waitFor(2))[1];
      assert.match(queued?.text ?? '', /number 1 in line/);
      await agentHandles(inboxClient(running.baseUrl, ANNA_TOKEN), 'My kettle broke after two days', async () => {
        const [joined, reply] = (await relay.waitFor(4)).slice(2);
        assert.match(joined?.text ?? '', /Anna from our team has joined the conversation\./);
        assert.match(reply?.text ?? '', /^Hello, Anna here\. Let me check\.\n\n— Anna\n/, 'signed by the person who wrote it');
        assert.equal(reply?.subject, 'Re: Broken kettle');
        assert.equal(reply?.headers.get('auto-submitted'), undefined, 'a person wrote it');
        const refs = Array.isArray(reply?.references) ? reply.references : [reply?.references];
        assert.ok(refs.includes(askSummary?.messageId ?? ''), 'same thread');
        assert.equal(queued?.headers.get('auto-submitted'), 'auto-replied', 'bot mail is still marked');
      });
      const resolved = (await relay.waitFor(5))[4];
      assert.match(resolved?.text ?? '', /Anna has finished the conversation[\s\S]*How happy are you/);
    } finally {
      await running.stop();
      await relay.stop();
      await imap.stop();
    }
  });
  it('Azure Bot Service / Emulator (fake connector): a "webchat" conversation from Azure gets the agent reply through CloudAdapter, not the embedded web chat', async () => {
    const connector = await startFakeConnector();
    // Both channels run: Azure's Web Chat also says "webchat", and the embedded one must not take it.
    // Anonymous posts naming a channel other than the Emulator's are a test-only allowance.
    const store = new MemoryStore();
    const running = await serverUnderTest({ ...INBOX_ENV, ALLOW_ANONYMOUS_BOT_FRAMEWORK: 'true' }, store, [createWebChatChannel, createAzureChannel]);
    let seq = 0;
    const send = (text: string) => {
      seq += 1;
      return fetch(`${running.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', id: `az-${seq}`, channelId: 'webchat', serviceUrl: connector.serviceUrl, conversation: { id: 'azure-conv-9' }, from: { id: 'azure-user-9', name: 'Zoe' }, recipient: { id: 'bot', name: 'Bot' }, locale: 'en-US', text }),
      });
    };
    const texts = () => connector.posts.map((p) => p.body.text ?? '');
    try {
      assert.equal((await send('agent')).status, 200);
      await connector.waitForPosts(1);
      assert.equal((await send('My order never came')).status, 200);
      await connector.waitForPosts(2);
      assert.match(texts()[1] ?? '', /number 1 in line/);
      const anna = inboxClient(running.baseUrl, ANNA_TOKEN);
      await agentHandles(anna, 'My order never came', async () => {
        await connector.waitForPosts(4);
        assert.equal(texts()[2], 'Anna from our team has joined the conversation.');
        assert.equal(texts()[3], 'Anna: Hello, Anna here. Let me check.');
        assert.ok(connector.posts[3]?.path.startsWith('/v3/conversations/azure-conv-9/activities'), connector.posts[3]?.path);
      });
      await connector.waitForPosts(6);
      assert.match(texts()[4] ?? '', /Anna has finished the conversation/);
      assert.match(texts()[5] ?? '', /How happy are you/);
      // The agent's turns ran on CloudAdapter's continuation event, whose fresh ids must not take
      // the places of the customer's messages in the bounded list of redeliveries to ignore.
      const stored = (await store.read(['azure.webchat/conversations/azure-conv-9']))['azure.webchat/conversations/azure-conv-9'];
      assert.deepEqual(stored?.[SEEN_PROPERTY]?.ids, ['az-1', 'az-2']);
    } finally {
      await running.stop();
      await connector.stop();
    }
  });
});
