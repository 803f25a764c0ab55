import assert from 'node:assert/strict';
import { Metrics } from '../../bots/observability/metrics';
import { MemoryStore } from '../../bots/state/memoryStore';
import { SmtpClient } from '../../channels/email/client';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { createWebChatChannel } from '../../channels/webchat';
import { startSmtpRelay } from '../fakes/smtpRelay';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { directLineClient, generateToken } from '../support/directLineClient';
import { serverUnderTest } from '../support/server';

type Running = Awaited<ReturnType<typeof serverUnderTest>>;

/** The value of one sample in Prometheus text, e.g. sample(text, 'switchboard_turns_total', { channel: 'webchat' }). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((label) => present.includes(label)) && present.length === wanted.length) return Number(match[3]);
  }
  return undefined;
}

async function scrape(baseUrl: string, token?: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${baseUrl}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('GET /metrics after a web chat conversation', function () {
  this.timeout(20_000);
  const TOKEN = 'scrape-token-0123456789';
  let running: Running;
  before(async () => {
    running = await serverUnderTest({ METRICS_TOKEN: TOKEN }, new MemoryStore(), [createWebChatChannel]);
  });
  after(() => running.stop());

  it('refuses a scrape without the bearer token (401) or with a wrong one (403), with a reason', async () => {
    const missing = await scrape(running.baseUrl);
    assert.equal(missing.status, 401);
    assert.match(missing.text, /Bearer <METRICS_TOKEN> is required/);
    const wrong = await scrape(running.baseUrl, 'not-the-token');
    assert.equal(wrong.status, 403);
    assert.doesNotMatch(wrong.text, /switchboard_/);
  });

  it('counts the turns of a Direct Line conversation per channel, with their latency, and never the text', async () => {
    const { token, conversationId } = await generateToken(running.baseUrl);
    const client = directLineClient(running.baseUrl, token, { webSocket: false, conversationId });
    try {
      await client.say('help');
      await client.botReplies(1);
      await client.say('what are your opening hours?');
      await client.botReplies(2);
    } finally {
      client.end();
    }
    const { status, type, text } = await scrape(running.baseUrl, TOKEN);
    assert.equal(status, 200);
    assert.match(type, /^text\/plain; version=0\.0\.4/);
    const turns = sample(text, 'switchboard_turns_total', { channel: 'webchat' }) ?? 0;
    assert.ok(turns >= 2, `two messages, got ${turns} turns:\n${text}`);
    assert.equal(sample(text, 'switchboard_turn_duration_seconds_count', { channel: 'webchat' }), turns);
    assert.equal(sample(text, 'switchboard_turn_duration_seconds_bucket', { channel: 'webchat', le: '+Inf' }), turns);
    assert.doesNotMatch(text, /opening hours/);
  });

  it('reports a watched queue at each scrape (the API the handover queue uses)', async () => {
    let waiting = 3;
    running.app.metrics.watchQueue('handover', () => waiting);
    running.app.metrics.watchQueue('broken', () => Promise.reject(new Error('store down')));
    assert.equal(sample((await scrape(running.baseUrl, TOKEN)).text, 'switchboard_queue_depth', { queue: 'handover' }), 3);
    waiting = 0;
    const text = (await scrape(running.baseUrl, TOKEN)).text;
    assert.equal(sample(text, 'switchboard_queue_depth', { queue: 'handover' }), 0);
    assert.equal(sample(text, 'switchboard_queue_depth', { queue: 'broken' }), undefined);
  });

  it('tells about a queue whose depth could not be read instead of dropping it silently', async () => {
    const failures: string[] = [];
    const metrics = new Metrics((queue, err) => failures.push(`${queue}: ${err instanceof Error ? err.message : String(err)}`));
    metrics.watchQueue('handover', () => Promise.reject(new Error('store down')));
    metrics.watchQueue('email-outbox', () => 2);
    const { body } = await metrics.exposition();
    assert.equal(sample(body, 'switchboard_queue_depth', { queue: 'email-outbox' }), 2);
    assert.deepEqual(failures, ['handover: store down']);
  });

  it('is open when METRICS_TOKEN is not set, and each app counts on its own registry', async () => {
    const open = await serverUnderTest({}, new MemoryStore(), [createWebChatChannel]);
    try {
      const { status, text } = await scrape(open.baseUrl);
      assert.equal(status, 200);
      assert.equal(sample(text, 'switchboard_turns_total', { channel: 'webchat' }), undefined, 'no turns ran on this app');
    } finally {
      await open.stop();
    }
  });
});

describe('metrics from the Telegram channel', function () {
  this.timeout(20_000);
  const TOKEN = '123456:metrics-token';
  const SECRET = 'metrics-webhook-secret';
  let fake: Awaited<ReturnType<typeof startFakeTelegramApi>>;
  let running: Running;
  const update = (id: number, chatId: number) => ({
    update_id: id,
    message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'Eve', language_code: 'en' }, text: 'help' },
  });
  const deliver = (body: unknown) =>
    fetch(`${running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(body) });

  before(async () => {
    telegramTuning.sendQueue = { attempts: 3, firstDelayMs: 10 };
    fake = await startFakeTelegramApi(TOKEN);
    running = await serverUnderTest(
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' },
      new MemoryStore(),
      [createTelegramChannel],
    );
  });
  after(async () => {
    await running.stop();
    await fake.stop();
  });

  it('counts a redelivered update as a dedupe hit, not as a turn', async () => {
    assert.equal((await deliver(update(9001, 31))).status, 200);
    assert.equal((await deliver(update(9001, 31))).status, 200);
    const { text } = await scrape(running.baseUrl);
    assert.equal(sample(text, 'switchboard_turns_total', { channel: 'telegram' }), 1);
    assert.equal(sample(text, 'switchboard_dedupe_hits_total', { channel: 'telegram' }), 1);
    assert.equal(fake.sent().length, 1, 'answered once');
  });

  it("counts a send the Bot API refused, with Telegram's error code", async () => {
    fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await deliver(update(9002, 32));
    const { text } = await scrape(running.baseUrl);
    assert.equal(sample(text, 'switchboard_outbound_failures_total', { channel: 'telegram', code: '403' }), 1);
  });
});

describe('metrics from the SMTP client', function () {
  this.timeout(20_000);
  it('counts each failed SMTP attempt with the reply code', async () => {
    const relay = await startSmtpRelay('shop@example.test', 'secret');
    const metrics = new Metrics();
    const smtp = new SmtpClient({ host: '127.0.0.1', port: relay.port, secure: false, user: 'shop@example.test', password: 'secret', from: 'shop@example.test', fromName: 'Shop' }, metrics);
    relay.failWith(451);
    try {
      const mail = { id: 'm1', conversationId: 'c1', messageId: '<m1@example.test>', to: 'eve@customer.test', toName: 'Eve', subject: 'Re: order', references: [], text: 'Hello', html: '<p>Hello</p>', automatic: true };
      await assert.rejects(smtp.send(mail), /Try again later/);
      await assert.rejects(smtp.send(mail), /Try again later/);
      const text = (await metrics.exposition()).body;
      assert.equal(sample(text, 'switchboard_outbound_failures_total', { channel: 'email', code: '451' }), 2, text);
    } finally {
      smtp.close();
      await relay.stop();
    }
  });
});
