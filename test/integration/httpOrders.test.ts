import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ActivityTypes, type Activity } from 'botbuilder';
import { BackendError } from '../../bots/backendError';
import { MemoryStore } from '../../bots/state/memoryStore';
import { t, templates } from '../../dialogs/locales';
import { HttpOrderService } from '../../dialogs/returns/httpOrderService';
import { startFakeOrdersApi, type SeenRequest } from '../fakes/ordersApi';
import { botUnderTest, testConfig } from '../support/bot';
import { returnServiceContract } from '../support/returnServiceContract';
import { capturedLogger, ORDERS_CLOCK, ORDERS_TOKEN, ordersApiHarness } from '../support/ordersApiHarness';

returnServiceContract('HttpOrderService against the fake orders API', async ({ clock, timeZone }) => {
  const api = await startFakeOrdersApi({ token: ORDERS_TOKEN, clock, timeZone });
  const service = new HttpOrderService({ baseUrl: api.url, token: ORDERS_TOKEN, storage: new MemoryStore(), timeZone, clock });
  return { service, close: () => api.close() };
});

/** The BackendError `promise` rejects with, checked to be the orders API's with `code`. */
async function backendFailure(promise: Promise<unknown>, code: string): Promise<BackendError> {
  let failure: unknown;
  await promise.then(
    () => assert.fail(`expected BackendError ${code}`),
    (err: unknown) => {
      failure = err;
    },
  );
  assert.ok(failure instanceof BackendError, `not a BackendError: ${String(failure)}`);
  assert.equal(failure.backend, 'orders-api');
  assert.equal(failure.code, code, failure.message);
  return failure;
}

const boots = { skus: ['BOOT-HIKE-41'], reason: 'fit', resolution: 'refund' as const, customerKey: 'webchat:anna' };
const creates = (requests: SeenRequest[]) => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/returns'));

describe('HttpOrderService over HTTP', function () {
  this.timeout(20_000);
  const harness = ordersApiHarness();
  afterEach(() => harness.stop());

  it('sends the token as a Bearer header on every call, and each create with an Idempotency-Key', async () => {
    const { api, service } = await harness.open();
    const order = await service.findOrder('100234', 'anna.nowak@example.com');
    assert.ok(order);
    await service.eligibility(order);
    await service.createReturn(order, boots);
    assert.ok(api.requests.length >= 4, String(api.requests.length));
    assert.ok(api.requests.every((r) => r.authorization === `Bearer ${ORDERS_TOKEN}`));
    assert.match(creates(api.requests)[0]?.idempotencyKey ?? '', /^[0-9a-f-]{36}$/u);
  });

  it('a create whose answer was lost is sent again with the same Idempotency-Key and makes one return', async () => {
    const { api, service } = await harness.open();
    const order = await service.findOrder('100234', '31-019');
    assert.ok(order);
    api.loseAnswers(1, '/returns');
    const created = await service.createReturn(order, boots);
    const sent = creates(api.requests);
    assert.equal(sent.length, 2);
    assert.equal(sent[0]?.idempotencyKey, sent[1]?.idempotencyKey);
    assert.deepEqual(api.returns.map((r) => r.rma), [created.rma]);
  });

  it("the customer's retry of a return whose answers never came repeats it: one return, their RMA, and then a second is refused", async () => {
    const { api, service } = await harness.open();
    const order = await service.findOrder('100234', '31-019');
    assert.ok(order);
    api.loseAnswers(3, '/returns');
    await assert.rejects(service.createReturn(order, boots), BackendError);
    assert.equal(api.returns.length, 1, 'the shop did make it');
    const created = await service.createReturn(order, boots);
    assert.equal(created.rma, api.returns[0]?.rma);
    assert.equal(new Set(creates(api.requests).map((r) => r.idempotencyKey)).size, 1);
    assert.deepEqual(await service.list('webchat:anna'), [created]);
    await assert.rejects(service.createReturn(order, boots), (err: unknown) => err instanceof Error && !(err instanceof BackendError));
    assert.equal(api.returns.length, 1);
  });

  it('two 500s and then an answer: the lookup succeeds on the third attempt', async () => {
    const { api, service } = await harness.open();
    api.failNext(500, 2);
    assert.equal((await service.findOrder('100234', 'anna.nowak@example.com'))?.number, '100234');
    assert.equal(api.requests.length, 3);
  });

  it('a 503 on every attempt ends as BackendError 503 after three attempts', async () => {
    const { api, service } = await harness.open();
    api.failNext(503, 10);
    await backendFailure(service.findOrder('100234', 'anna.nowak@example.com'), '503');
    assert.equal(api.requests.length, 3);
  });

  it('a 429 asking for minutes fails at once as BackendError 429: the customer is not held', async () => {
    const { api, service } = await harness.open();
    api.failNext(429, 1, '120');
    await backendFailure(service.findOrder('100234', 'anna.nowak@example.com'), '429');
    assert.equal(api.requests.length, 1, 'not retried');
  });

  it('a 429 with a Retry-After is waited out even when the backoff would try sooner', async () => {
    // The fake refuses every request before the Retry-After has passed, as a rate limiter does.
    const { api, service } = await harness.open({ firstDelayMs: 1 });
    api.failNext(429, 1, '1');
    assert.ok(await service.findOrder('100234', 'anna.nowak@example.com'));
    assert.equal(api.requests.length, 2);
  });

  it('a backend that hangs becomes BackendError timeout, not retried', async () => {
    const { api, service } = await harness.open({ timeoutMs: 300 });
    api.hang(true);
    await backendFailure(service.findOrder('100234', 'anna.nowak@example.com'), 'timeout');
    assert.equal(api.requests.length, 1);
  });

  it('a wrong token is BackendError 401, not "order not found", and is not retried', async () => {
    const { api } = await harness.open();
    const service = new HttpOrderService({ baseUrl: api.url, token: 'revoked-token', storage: new MemoryStore(), timeZone: 'Europe/Berlin', firstDelayMs: 20 });
    await backendFailure(service.findOrder('100234', 'anna.nowak@example.com'), '401');
    assert.equal(api.requests.length, 1);
  });

  it('an answer that is not JSON, or not the contract, is a backend failure', async () => {
    const { api, service } = await harness.open();
    api.garbleNext('not-json');
    await backendFailure(service.findOrder('100234', 'anna.nowak@example.com'), 'invalid-json');
    api.garbleNext('wrong-shape');
    const wrong = await backendFailure(service.findOrder('100234', 'anna.nowak@example.com'), 'invalid-answer');
    assert.match(wrong.message, /number/u);
    api.garbleNext('wrong-shape');
    await backendFailure(service.loadPolicy(), 'invalid-answer');
  });

  it('a backend that is down is BackendError ECONNREFUSED; once it is back the same call works', async () => {
    const { api, service } = await harness.open();
    await api.down();
    await backendFailure(service.findOrder('100234', 'anna.nowak@example.com'), 'ECONNREFUSED');
    await api.up();
    assert.ok(await service.findOrder('100234', 'anna.nowak@example.com'));
  });

  it('a 404 that is not the contract\'s (a wrong base URL) is a backend failure, not "no such order"', async () => {
    const { api } = await harness.open();
    const service = new HttpOrderService({ baseUrl: api.url.replace(/\/v1$/u, '/v2'), token: ORDERS_TOKEN, storage: new MemoryStore(), timeZone: 'Europe/Berlin' });
    await backendFailure(service.findOrder('100234', 'anna.nowak@example.com'), '404');
  });

  it('never logs the token: not in retries, not in the failures as the error policy logs them, not in the service object', async () => {
    const logs = capturedLogger();
    const { api, service } = await harness.open({ logger: logs.logger, timeoutMs: 300 });
    api.failNext(500, 2);
    await service.findOrder('100234', 'anna.nowak@example.com');
    for (const fault of [() => api.failNext(502, 3), () => api.hang(true), () => api.garbleNext('not-json')]) {
      fault();
      const failure = await service.findOrder('100234', 'anna.nowak@example.com').catch((err: unknown) => err);
      api.hang(false);
      assert.ok(failure instanceof BackendError, inspect(failure));
      // As bots/turnErrorPolicy.ts logs a backend failure.
      logs.logger.warn({ err: failure, backend: failure.backend, code: failure.code }, 'backend failed');
    }
    const text = logs.text();
    assert.match(text, /orders API call failed; trying again/u);
    assert.match(text, /"code":"502"/u);
    assert.ok(!text.includes(ORDERS_TOKEN), 'token in the logs');
    assert.ok(!inspect(service, { depth: 10 }).includes(ORDERS_TOKEN), 'token visible on the service');
    assert.ok(!JSON.stringify(service).includes(ORDERS_TOKEN), 'token in the service as JSON');
  });
});

// As customers type: lower case, no diacritics, order number, e-mail and item in the first message.
const conversations = {
  en: { start: 'hi i want to return the boots from order 100234, anna.nowak@example.com', reason: 'they are too small', resolution: 'refund please', yes: 'yes', boots: 'Hiking boots, size 41', socks: 'Wool socks, 3 pairs' },
  de: { start: 'hallo, ich moechte die wanderschuhe aus bestellung 100234 zurueckschicken, anna.nowak@example.com', reason: 'zu klein', resolution: 'geld zurueck bitte', yes: 'ja', boots: 'Wanderschuhe, Größe 41', socks: 'Wollsocken, 3 Paar' },
  pl: { start: 'dzien dobry, chce zwrocic buty z zamowienia 100234, anna.nowak@example.com', reason: 'za male', resolution: 'zwrot pieniedzy', yes: 'tak', boots: 'Buty trekkingowe, rozmiar 41', socks: 'Skarpety wełniane, 3 pary' },
} as const;

describe('the returns dialog served by the orders API', function () {
  this.timeout(20_000);
  const harness = ordersApiHarness();
  afterEach(() => harness.stop());

  for (const locale of ['en', 'de', 'pl'] as const) {
    it(`${locale}: a return typed in one breath ends with the shop's RMA; while the shop is down the customer is asked to try again, and the same message goes on`, async () => {
      const { api, service } = await harness.open();
      const { adapter } = botUnderTest({ clock: ORDERS_CLOCK, services: { returns: service } });
      const said = conversations[locale];
      const texts = templates[locale];
      const say = (text: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
      const text = (reply: Partial<Activity>) => reply.text ?? '';

      await api.down();
      await adapter.send(say(said.start)).assertReply(texts.error.backend).startTest();
      await api.up();
      await adapter
        .send(say(said.start))
        .assertReply([t(locale, 'returns.notAllEligible', { count: 1 }), `• ${t(locale, 'returns.why.category', { item: said.socks })}`].join('\n'))
        .assertReply(t(locale, 'returns.askReason', { count: 1, item: said.boots }))
        .send(say(said.reason))
        .assertReply((reply) => assert.ok(text(reply).startsWith(texts.returns.askResolution), text(reply)))
        .send(say(said.resolution))
        .assertReply((reply) => assert.ok(text(reply).startsWith(t(locale, 'returns.confirm', { count: 1, items: said.boots, resolution: texts.returns.refund })), text(reply)))
        .startTest();
      // The shop makes the return, but no answer reaches the bot.
      api.loseAnswers(3, '/returns');
      await adapter.send(say(said.yes)).assertReply(texts.error.backend).startTest();
      await adapter
        .send(say(said.yes))
        .assertReply((reply) => assert.equal(text(reply), t(locale, 'returns.created', { rma: api.returns[0]?.rma ?? '∅', count: 5 })))
        .startTest();
      assert.deepEqual(api.returns.map(({ orderNumber, skus, reason, resolution }) => ({ orderNumber, skus, reason, resolution })), [{ orderNumber: '100234', skus: ['BOOT-HIKE-41'], reason: 'fit', resolution: 'refund' }]);
    });
  }
});

describe('ORDERS_API_URL and ORDERS_API_TOKEN', function () {
  this.timeout(20_000);
  const harness = ordersApiHarness();
  afterEach(() => harness.stop());

  it('set, the returns dialog asks the order system; left out, the sample orders answer', async () => {
    const { api } = await harness.open();
    const configured = botUnderTest({ clock: ORDERS_CLOCK, config: testConfig({ ORDERS_API_URL: api.url, ORDERS_API_TOKEN: ORDERS_TOKEN }) });
    const say = (text: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale: 'en' });
    await configured.adapter.send(say(conversations.en.start)).assertReply(() => undefined).startTest();
    assert.ok(api.requests.some((request) => request.path.endsWith('/orders/lookup') && request.authorization === `Bearer ${ORDERS_TOKEN}`), JSON.stringify(api.requests));
    const before = api.requests.length;
    const sample = botUnderTest({ clock: ORDERS_CLOCK });
    await sample.adapter.send(say(conversations.en.start)).assertReply(() => undefined).startTest();
    assert.equal(api.requests.length, before);
  });

  it('a URL without a token stops the start naming what is missing', () => {
    assert.throws(() => testConfig({ ORDERS_API_URL: 'https://orders.example.com/v1' }), /ORDERS_API_TOKEN: required when ORDERS_API_URL is set/);
  });
});
