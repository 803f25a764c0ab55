import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createAzureChannel } from '../../channels/azure';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { startFakeConnector } from '../fakes/botConnector';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { serverUnderTest } from '../support/server';

const TOKEN = '123456:test-token';
const SECRET = 'webhook-secret-123';
const CHAT = 777001;
const clock = () => new Date('2026-11-22T09:00:00Z');
telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };

type Running = Awaited<ReturnType<typeof serverUnderTest>>;

let updateId = 9000;
function telegramUpdate(text: string) {
  updateId += 1;
  return {
    update_id: updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: CHAT, type: 'private' }, from: { id: CHAT, is_bot: false, first_name: 'Anna', language_code: 'en' }, text },
  };
}

/** What an attacker sends: the Telegram customer's chat and user id, through /api/messages. */
function posing(channelId: string, serviceUrl: string, text: string, id = `forged-${Math.random()}`) {
  return { type: 'message', id, channelId, serviceUrl, conversation: { id: String(CHAT) }, from: { id: String(CHAT), name: 'Anna' }, recipient: { id: 'bot' }, locale: 'en-US', text };
}

async function post(running: Running, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${running.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('POST /api/messages cannot act as a customer of another channel', function () {
  this.timeout(20_000);

  it('without an app id, only the Emulator on this machine is served: telegram, facebook and email ids and outside serviceUrls get 403 and run no turn', async () => {
    const connector = await startFakeConnector();
    const running = await serverUnderTest({}, new MemoryStore(), [createAzureChannel]);
    try {
      const turns = () => running.app.pipeline.statefulTurn.counters.turns;
      for (const channelId of ['telegram', 'facebook', 'email', 'webchat', 'msteams']) {
        const res = await post(running, '/api/messages', posing(channelId, connector.serviceUrl, 'my bookings'));
        assert.equal(res.status, 403, channelId);
        assert.match(((await res.json()) as { message: string }).message, /only the Bot Framework Emulator/);
      }
      // The Emulator itself, but told to reply to another machine (blind SSRF): refused too.
      const outside = await post(running, '/api/messages', posing('emulator', 'http://192.0.2.10:8080/', 'hi'));
      assert.equal(outside.status, 403);
      assert.match(((await outside.json()) as { message: string }).message, /serviceUrl on this machine/);
      // The Emulator's own body, but relayed by a proxy from elsewhere: refused as well.
      const relayed = await post(running, '/api/messages', posing('emulator', connector.serviceUrl, 'hi'), { 'x-forwarded-for': '203.0.113.7' });
      assert.equal(relayed.status, 403);
      assert.match(((await relayed.json()) as { message: string }).message, /through a proxy/);
      assert.equal(turns(), 0);
      assert.equal(connector.posts.length, 0);

      assert.equal((await post(running, '/api/messages', posing('emulator', connector.serviceUrl, 'help'))).status, 200);
      await connector.waitForPosts(1);
      assert.equal(turns(), 1);
    } finally {
      await running.stop();
      await connector.stop();
    }
  });

  it('even where anonymous channel ids are allowed (tests), an activity naming telegram never reaches the Telegram customer\'s conversation', async () => {
    const telegram = await startFakeTelegramApi(TOKEN);
    const connector = await startFakeConnector();
    const running = await serverUnderTest(
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: telegram.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook', ALLOW_ANONYMOUS_BOT_FRAMEWORK: 'true' },
      new MemoryStore(),
      [createTelegramChannel, createAzureChannel],
      clock,
    );
    try {
      // The real customer starts a return on Telegram and gets as far as the postcode question.
      const webhook = { 'x-telegram-bot-api-secret-token': SECRET };
      assert.equal((await post(running, '/api/telegram/webhook', telegramUpdate('i want to return something'), webhook)).status, 200);
      assert.equal((await post(running, '/api/telegram/webhook', telegramUpdate('100234'), webhook)).status, 200);
      const asked = await telegram.waitForSent(2);
      assert.match(String(asked[1]?.payload.text), /e-mail address or postcode/i);

      // The attacker answers in that conversation's name; it lands in a conversation of its own
      // (a fresh one knows no order, so a postcode unlocks nothing).
      assert.equal((await post(running, '/api/messages', posing('telegram', connector.serviceUrl, '31-019'))).status, 200);
      await connector.waitForPosts(1);
      assert.doesNotMatch(String(connector.posts[0]?.body.text), /cannot be returned|Which item/i, 'not taken as the customer\'s postcode');

      // The customer's own dialog is where they left it, and nothing reached Telegram for the attacker.
      assert.equal(telegram.sent().length, 2);
      assert.equal((await post(running, '/api/telegram/webhook', telegramUpdate('31-019'), webhook)).status, 200);
      const sent = await telegram.waitForSent(4);
      assert.match(String(sent[2]?.payload.text), /cannot be returned/i);
      assert.match(String(sent[3]?.payload.text), /Which item/i);
    } finally {
      await running.stop();
      await connector.stop();
      await telegram.stop();
    }
  });
});
