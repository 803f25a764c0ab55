import assert from 'node:assert/strict';
import { escape } from 'html-escaper';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { templates } from '../../dialogs/locales';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { serverUnderTest } from '../support/server';

const TOKEN = '123456:test-token';
const SECRET = 'webhook-secret-123';
const clock = () => new Date('2026-11-22T09:00:00Z');
telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };

type Fake = Awaited<ReturnType<typeof startFakeTelegramApi>>;
type Running = Awaited<ReturnType<typeof serverUnderTest>>;

let updateId = 5000;
function message(chatId: number, text: string, from: Record<string, unknown> = {}) {
  updateId += 1;
  return {
    update_id: updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'Eve', language_code: 'en', ...from }, text },
  };
}
function press(chatId: number, messageId: number, data: string) {
  updateId += 1;
  return {
    update_id: updateId,
    callback_query: { id: `cq${updateId}`, from: { id: chatId, is_bot: false, first_name: 'Eve', language_code: 'en' }, chat_instance: 'x', data, message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' } } },
  };
}

/** `secret: ''` sends no secret header at all. */
async function deliver(running: Running, update: unknown, secret = SECRET): Promise<Response> {
  return fetch(`${running.baseUrl}/api/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: typeof update === 'string' ? update : JSON.stringify(update),
  });
}

const textOf = (call: { payload: Record<string, unknown> } | undefined) => String(call?.payload.text ?? '');

describe('Telegram channel (webhook) against a fake Bot API', function () {
  this.timeout(20_000);
  let fake: Fake;
  let running: Running;
  beforeEach(async () => {
    fake = await startFakeTelegramApi(TOKEN);
    running = await serverUnderTest(
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' },
      new MemoryStore(),
      [createTelegramChannel],
      clock,
    );
  });
  afterEach(async () => {
    await running.stop();
    await fake.stop();
  });

  it('registers its webhook with the secret and the update types it handles', () => {
    const setWebhook = fake.calls.find((c) => c.method === 'setWebhook');
    assert.equal(setWebhook?.payload.url, 'https://bot.example/api/telegram/webhook');
    assert.equal(setWebhook?.payload.secret_token, SECRET);
    assert.deepEqual(setWebhook?.payload.allowed_updates, ['message', 'callback_query']);
  });

  it('refuses a missing or wrong secret with 403 and processes nothing; bad bodies never get a 5xx', async () => {
    assert.equal((await deliver(running, message(1, 'help'), '')).status, 403);
    assert.equal((await deliver(running, message(1, 'help'), 'wrong')).status, 403);
    assert.equal((await deliver(running, '{"update_id":')).status, 400);
    assert.equal((await deliver(running, { update_id: 1, message: { text: 'x'.repeat(1_100_000) } })).status, 413);
    assert.equal((await deliver(running, { update_id: 2, poll: { id: 'p' } })).status, 200);
    assert.equal((await deliver(running, { update_id: 3, message: { message_id: 1, text: 'no chat' } })).status, 200);
    assert.equal((await deliver(running, { update_id: 4, message: { message_id: 2, date: 1, chat: { id: 1, type: 'private' }, text: 12345 } })).status, 200, 'a number as text is skipped, not a failed turn');
    assert.equal((await deliver(running, { hello: 'world' })).status, 200);
    assert.equal(fake.sent().length, 0);
  });

  it('/start with a deep-link payload greets, with the customer\'s name HTML-escaped', async () => {
    assert.equal((await deliver(running, message(11, '/start promo42', { first_name: '<b>Eve</b> & co' }))).status, 200);
    const [greeting] = await fake.waitForSent(1);
    assert.equal(greeting?.payload.parse_mode, 'HTML');
    assert.match(textOf(greeting), /^Hello &lt;b&gt;Eve&lt;\/b&gt; &amp; co! I&#39;m the virtual assistant/);
  });

  it('books an appointment with button presses: each press is answered and its keyboard removed', async () => {
    await deliver(running, message(12, 'I want to book an appointment'));
    let sent = await fake.waitForSent(1);
    const keyboard = (sent[0]?.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    assert.deepEqual(keyboard.map((row) => row[0]?.text), ['Consultation (30 min)', 'Fitting (45 min)', 'Repair drop-off (15 min)']);
    const pressAndWait = async (index: number, count: number) => {
      const last = fake.sent().at(-1);
      const buttons = (last?.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard;
      await deliver(running, press(12, 1000 + fake.sent().length, buttons[index]?.[0]?.callback_data ?? ''));
      return fake.waitForSent(count);
    };
    sent = await pressAndWait(1, 2);
    assert.equal(textOf(sent[1]), escape(templates.en.booking.askStore));
    sent = await pressAndWait(0, 3);
    assert.equal(textOf(sent[2]), escape(templates.en.booking.askTime));
    assert.ok(fake.calls.some((c) => c.method === 'answerCallbackQuery'));
    assert.ok(fake.calls.some((c) => c.method === 'editMessageReplyMarkup' && JSON.stringify(c.payload.reply_markup) === '{"inline_keyboard":[]}'));
    await deliver(running, message(12, 'tomorrow at 10'));
    await deliver(running, message(12, 'Eve Example'));
    await deliver(running, message(12, 'eve@example.com'));
    sent = await fake.waitForSent(7);
    assert.ok(sent.some((c) => c.method === 'sendMessage' && textOf(c).startsWith('<b>Your appointment</b>')), 'summary card');
    const confirm = sent.at(-1);
    const yes = (confirm?.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]?.[0]?.callback_data ?? '';
    await deliver(running, press(12, 1007, yes));
    sent = await fake.waitForSent(8);
    assert.match(textOf(sent.at(-1)), /^Booked! Your booking code is [A-HJ-NP-Z2-9]{6}/);
  });

  it('a redelivered update gets no second reply', async () => {
    const update = message(13, 'help');
    await deliver(running, update);
    await fake.waitForSent(1);
    await deliver(running, update);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(fake.sent().length, 1);
  });

  it('honours 429 retry_after and keeps the order of the replies', async () => {
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    await deliver(running, message(14, 'when will I get my money back'));
    const attempts = await fake.waitForSent(3);
    assert.equal(attempts.length, 3, 'the refused call, its retry, then the next message');
    assert.ok((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0) >= 1000, 'waited retry_after');
    assert.match(textOf(attempts[0]), /We refund within 5 working days/);
    assert.equal(textOf(attempts[1]), textOf(attempts[0]));
    assert.equal(textOf(attempts[2]), templates.en.faq.didItHelp);
  });

  it('a reply Telegram keeps refusing is sent once Telegram takes it again, with no apology, and the dialog goes on', async () => {
    await deliver(running, message(17, 'i want to return something'));
    await fake.waitForSent(1);
    const attempts = telegramTuning.sendQueue.attempts ?? 4;
    fake.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' }, attempts);
    await deliver(running, message(17, '100234'));
    const deadline = Date.now() + 8000;
    const toChat = () => fake.delivered().filter((c) => c.payload.chat_id === 17).map(textOf);
    while (toChat().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(fake.sent().filter((c) => c.payload.chat_id === 17 && c.ok !== true).length >= attempts, 'the refused attempts happened');
    assert.equal(toChat().length, 2, `the postcode question once, no apology: ${JSON.stringify(toChat())}`);
    await deliver(running, message(17, '31-019'));
    while (toChat().length < 4 && Date.now() < deadline + 8000) await new Promise((resolve) => setTimeout(resolve, 20));
    // The socks (underwear) are named as not returnable, then the question the dialog stood at.
    assert.match(toChat()[2] ?? '', /This item cannot be returned:\n• Wool socks, 3 pairs/);
    assert.match(toChat()[3] ?? '', /Which item would you like to return/, 'the postcode was taken where the dialog stood');
  });

  it('sends proactively through continueConversation from a stored conversation reference', async () => {
    const reference = { channelId: 'telegram', conversation: { id: '16', isGroup: false, conversationType: 'personal', name: '' }, user: { id: '16', name: 'Eve' }, bot: { id: '424242', name: 'bot' }, serviceUrl: fake.apiRoot };
    const adapter = running.app.channels[0]?.adapter;
    assert.ok(adapter);
    await adapter.continueConversation(reference, async (context) => {
      await context.sendActivity('An agent replied: your parcel left today.');
    });
    const [sent] = await fake.waitForSent(1);
    assert.equal(sent?.payload.chat_id, 16);
    assert.equal(textOf(sent), 'An agent replied: your parcel left today.');
  });

  it('stops sending to a customer who blocked the bot (403) without retrying', async () => {
    fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await deliver(running, message(15, 'help'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(fake.calls.filter((c) => c.method === 'sendMessage').length, 1);
    const flag = await running.storage.read(['telegram/unreachable/15']);
    assert.ok(flag['telegram/unreachable/15'], 'chat marked unreachable');

    // An agent's proactive reply to the blocked chat is refused before calling Telegram.
    const reference = { channelId: 'telegram', conversation: { id: '15', isGroup: false, conversationType: 'personal', name: '' }, user: { id: '15', name: 'Blocked' }, bot: { id: '424242', name: 'bot' }, serviceUrl: fake.apiRoot };
    const adapter = running.app.channels[0]?.adapter;
    assert.ok(adapter);
    // (The turn's error policy takes the ChatUnreachableError; what matters is that nothing is sent.)
    await adapter.continueConversation(reference, async (context) => void (await context.sendActivity('Agent: still there?'))).catch(() => undefined);
    assert.equal(fake.calls.filter((c) => c.method === 'sendMessage').length, 1, 'nothing sent to a blocked chat');
    // Marked by another instance sharing the store: refused just the same.
    await running.storage.write({ 'telegram/unreachable/17': { since: new Date().toISOString() } });
    const elsewhere = { ...reference, conversation: { ...reference.conversation, id: '17' }, user: { id: '17', name: 'Also blocked' } };
    await adapter.continueConversation(elsewhere, async (context) => void (await context.sendActivity('Agent: hello?'))).catch(() => undefined);
    assert.equal(fake.calls.filter((c) => c.method === 'sendMessage').length, 1, 'nothing sent to a chat marked by another instance');

    // The customer unblocks the bot and writes again: the mark is lifted and the reply goes out,
    // and so does an agent's reply afterwards (another instance would read the lifted mark too).
    await deliver(running, message(15, 'help'));
    await fake.waitForSent(2);
    await adapter.continueConversation(reference, async (context) => void (await context.sendActivity('Agent: welcome back')));
    const sent = await fake.waitForSent(3);
    assert.match(textOf(sent[2]), /welcome back/);
  });
});

describe('Telegram channel (long polling)', function () {
  this.timeout(20_000);
  it('receives updates through getUpdates and answers them', async () => {
    const fake = await startFakeTelegramApi(TOKEN);
    const running = await serverUnderTest({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_MODE: 'polling' }, new MemoryStore(), [createTelegramChannel]);
    try {
      fake.queueUpdate(message(21, 'Hilfe', { language_code: 'de' }));
      const [reply] = await fake.waitForSent(1);
      assert.match(textOf(reply), /^Ich kann Ihnen helfen/);
    } finally {
      await running.stop();
      await fake.stop();
    }
  });
});
