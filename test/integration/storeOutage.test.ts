import assert from 'node:assert/strict';
import { createAzureChannel } from '../../channels/azure';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { createWebChatChannel } from '../../channels/webchat';
import { startFakeConnector } from '../fakes/botConnector';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { OutageStore } from '../support/outageStore';
import { serverUnderTest } from '../support/server';

const TOKEN = '123456:test-token';
const SECRET = 'webhook-secret-123';
const clock = () => new Date('2026-11-22T09:00:00Z');
telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };

let updateId = 42_000;
function update(chat: number, text: string) {
  updateId += 1;
  return { update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Ola', language_code: 'pl' }, text } };
}

describe('a store outage loses no message', function () {
  this.timeout(20_000);

  it('Telegram: while the store is down the webhook answers 503 and says nothing; the redelivery after it is answered once, mid-dialog', async () => {
    const store = new OutageStore();
    const telegram = await startFakeTelegramApi(TOKEN);
    const running = await serverUnderTest(
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: telegram.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' },
      store,
      [createTelegramChannel],
      clock,
    );
    const deliver = (body: unknown) =>
      fetch(`${running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(body) });
    try {
      assert.equal((await deliver(update(5150, 'chce zwrocic zamowienie'))).status, 200);
      const [asked] = await telegram.waitForSent(1);
      assert.match(String(asked?.payload.text), /numer zamówienia/i);

      store.down = true;
      const answer = update(5150, '100234');
      const during = await deliver(answer);
      assert.equal(during.status, 503, 'Telegram delivers an update again until it gets a 2xx');
      assert.equal(during.headers.get('retry-after'), '5');
      await during.body?.cancel();
      assert.equal(telegram.sent().length, 1, 'no apology, no half answer');

      store.down = false;
      assert.equal((await deliver(answer)).status, 200);
      const sent = await telegram.waitForSent(2);
      assert.match(String(sent[1]?.payload.text), /e-mail|kod pocztowy/i, 'the order number was taken where the dialog stood');
      assert.equal((await deliver(answer)).status, 200, 'a further redelivery is acknowledged');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(telegram.sent().length, 2, 'and not answered again');
    } finally {
      await running.stop();
      await telegram.stop();
    }
  });

  it('Telegram long polling: an update that arrives while the store is down is held and answered once it is back', async () => {
    const store = new OutageStore();
    const telegram = await startFakeTelegramApi(TOKEN);
    const running = await serverUnderTest({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, TELEGRAM_MODE: 'polling' }, store, [createTelegramChannel], clock);
    try {
      store.down = true;
      telegram.queueUpdate(update(5151, 'kiedy jestescie otwarci w sobote'));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(telegram.sent().length, 0, 'nothing said while the store is down');
      store.down = false;
      const [answer] = await telegram.waitForSent(1, 10_000);
      assert.match(String(answer?.payload.text), /sobot/i, 'the question is answered, in Polish');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(telegram.sent().filter((call) => /sobot/i.test(String(call.payload.text))).length, 1, 'once, though polling went on');
    } finally {
      store.down = false;
      await running.stop();
      await telegram.stop();
    }
  });

  it('/api/messages: while the store is down the answer is 503 with Retry-After, and nothing is posted to the connector', async () => {
    const store = new OutageStore();
    const connector = await startFakeConnector();
    const running = await serverUnderTest({}, store, [createAzureChannel]);
    try {
      store.down = true;
      const res = await fetch(`${running.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', id: 'a1', channelId: 'emulator', serviceUrl: connector.serviceUrl, conversation: { id: 'c-out' }, from: { id: 'u' }, recipient: { id: 'bot' }, text: 'help' }),
      });
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '5');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(connector.posts.length, 0, 'no apology');
    } finally {
      await running.stop();
      await connector.stop();
    }
  });
  it('web chat: while the store is down a message is refused with 503 (not stored, so the customer can send it again)', async () => {
    const store = new OutageStore();
    const running = await serverUnderTest({}, store, [createWebChatChannel]);
    try {
      const generated = (await (await fetch(`${running.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string; conversationId: string };
      const started = await fetch(`${running.baseUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
      assert.equal(started.status, 201);
      store.down = true;
      const res = await fetch(`${running.baseUrl}/v3/directline/conversations/${generated.conversationId}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${generated.token}` },
        body: JSON.stringify({ type: 'message', text: 'hallo' }),
      });
      assert.equal(res.status, 503);
      assert.match(((await res.json()) as { message: string }).message, /store is unavailable/);
    } finally {
      store.down = false;
      await running.stop();
    }
  });
  it('web chat: a welcome whose turn met the outage is given at the next start, once', async () => {
    const store = new OutageStore();
    const running = await serverUnderTest({}, store, [createWebChatChannel]);
    try {
      const generated = (await (await fetch(`${running.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string; conversationId: string };
      const start = () => fetch(`${running.baseUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
      // The log answers, the conversation's state does not: the welcome turn cannot run.
      store.downFor = (key) => !key.startsWith('webchat/log/');
      store.down = true;
      assert.equal((await start()).status, 503);
      store.down = false;
      assert.equal((await start()).status, 201);
      assert.equal((await start()).status, 200);
      const log = await fetch(`${running.baseUrl}/v3/directline/conversations/${generated.conversationId}/activities`, { headers: { authorization: `Bearer ${generated.token}` } });
      const { activities } = (await log.json()) as { activities: { type: string; text?: string }[] };
      const welcomes = activities.filter((a) => a.type === 'message');
      assert.equal(welcomes.length, 1, JSON.stringify(activities));
      assert.match(welcomes[0]?.text ?? '', /virtual assistant/i);
    } finally {
      store.down = false;
      await running.stop();
    }
  });
});
