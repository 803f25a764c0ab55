import assert from 'node:assert/strict';
import { createMessengerChannel, messengerTuning } from '../../channels/messenger';
import { signatureFor } from '../../channels/messenger/signature';
import { templates } from '../../dialogs/locales';
import { startFakeGraphApi } from '../fakes/graphApi';
import { serverUnderTest } from '../support/server';

const SECRET = 'test-app-secret';
const VERIFY = 'verify-me-please';
const PAGE = '1122334455';

type Running = Awaited<ReturnType<typeof serverUnderTest>>;
type Graph = Awaited<ReturnType<typeof startFakeGraphApi>>;

let mid = 0;
function textEvent(psid: string, text: string, extra: Record<string, unknown> = {}) {
  mid += 1;
  return { sender: { id: psid }, recipient: { id: PAGE }, timestamp: Date.now(), message: { mid: `m.${mid}`, text, ...extra } };
}
const body = (...events: unknown[]) => ({ object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging: events }] });

async function post(running: Running, payload: unknown, sign = true): Promise<Response> {
  const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return fetch(`${running.baseUrl}/api/messenger/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(sign ? { 'x-hub-signature-256': signatureFor(raw, SECRET) } : {}) },
    body: raw,
  });
}

describe('Messenger webhook against a fake Graph API', function () {
  this.timeout(20_000);
  let running: Running;
  let graph: Graph;
  beforeEach(async () => {
    graph = await startFakeGraphApi();
    running = await serverUnderTest(
      { MESSENGER_PAGE_ACCESS_TOKEN: 'page-token', MESSENGER_APP_SECRET: SECRET, MESSENGER_VERIFY_TOKEN: VERIFY, MESSENGER_GRAPH_API_URL: graph.url },
      undefined,
      [createMessengerChannel],
    );
  });
  afterEach(async () => {
    await running.stop();
    await graph.stop();
  });

  it('answers the subscription handshake only with the right verify token', async () => {
    const ok = await fetch(`${running.baseUrl}/api/messenger/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=12345`);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), '12345');
    const wrong = await fetch(`${running.baseUrl}/api/messenger/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=12345`);
    assert.equal(wrong.status, 403);
  });

  it('refuses missing or forged signatures, and bad bodies, without running a turn', async () => {
    assert.equal((await post(running, body(textEvent('u1', 'help')), false)).status, 403);
    const forged = await fetch(`${running.baseUrl}/api/messenger/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor('something else', SECRET) },
      body: JSON.stringify(body(textEvent('u1', 'help'))),
    });
    assert.equal(forged.status, 403);
    assert.equal((await post(running, '{"object":')).status, 400);
    assert.equal((await post(running, { object: 'user', entry: [] })).status, 404);
    assert.equal((await post(running, { object: 'page', entry: [], padding: 'x'.repeat(1_100_000) })).status, 413);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(graph.messages().length, 0);
  });

  it('processes every message of a batch, skips echoes and receipts, and marks messages seen', async () => {
    const res = await post(running, {
      object: 'page',
      entry: [
        { id: PAGE, time: Date.now(), messaging: [textEvent('u1', 'help'), textEvent('u1', 'ignored echo', { is_echo: true }), { sender: { id: 'u1' }, recipient: { id: PAGE }, delivery: { mids: ['x'] } }] },
        { id: PAGE, time: Date.now(), messaging: [null, { ...textEvent('u3', 'x'), message: { mid: 'm.number', text: 7 } }, textEvent('u2', 'Hilfe')] },
        { broken: true },
      ],
    });
    assert.equal(res.status, 200);
    const sent = await graph.waitForMessages(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(graph.messages().length, 2, 'one reply per real message');
    const byUser = Object.fromEntries(sent.map((m) => [m.recipient.id, m.message && 'text' in m.message ? m.message.text : '']));
    assert.ok(byUser.u1?.startsWith('I can help you with'));
    // Messenger sends no locale and "Hilfe" is too short to detect: the command works, in the default language.
    assert.ok(byUser.u2?.startsWith('I can help'), byUser.u2);
    assert.ok(graph.calls.some((c) => c.body.sender_action === 'mark_seen' && c.body.recipient.id === 'u1'));
    assert.equal(graph.calls[0]?.accessToken, 'page-token');
  });

  it('shows "typing" while a turn takes longer than a second, before the reply', async () => {
    graph.setProfile('slow1', { first_name: 'Sam', locale: 'en_US' }, 1600);
    const before = graph.messages().length;
    await post(running, body(textEvent('slow1', 'help')));
    await graph.waitForMessages(before + 1);
    const actions = graph.calls.filter((c) => c.body.recipient.id === 'slow1').map((c) => c.body.sender_action ?? 'message');
    assert.deepEqual(actions, ['mark_seen', 'typing_on', 'message']);
  });

  it('sends no "typing" for a turn that answers before the threshold (one Send API call fewer per message)', async () => {
    const usual = messengerTuning.typingAfterMs;
    // A threshold no turn comes near, so the check does not depend on how fast this machine is.
    messengerTuning.typingAfterMs = 60_000;
    const quick = await serverUnderTest(
      { MESSENGER_PAGE_ACCESS_TOKEN: 'page-token', MESSENGER_APP_SECRET: SECRET, MESSENGER_VERIFY_TOKEN: VERIFY, MESSENGER_GRAPH_API_URL: graph.url },
      undefined,
      [createMessengerChannel],
    );
    try {
      const before = graph.messages().length;
      await post(quick, body(textEvent('fast1', 'help')));
      await graph.waitForMessages(before + 1);
      const actions = graph.calls.filter((c) => c.body.recipient.id === 'fast1').map((c) => c.body.sender_action ?? 'message');
      assert.deepEqual(actions, ['mark_seen', 'message']);
    } finally {
      messengerTuning.typingAfterMs = usual;
      await quick.stop();
    }
  });

  it('quick replies round-trip through a choice prompt', async () => {
    await post(running, body(textEvent('u3', 'when will I get my money back')));
    const [answer, question] = await graph.waitForMessages(2);
    assert.ok(answer?.message && 'text' in answer.message);
    const quick = question?.message?.quick_replies ?? [];
    assert.deepEqual(quick.map((q) => q.title), ['Yes', 'No']);
    await post(running, body(textEvent('u3', 'No', { quick_reply: { payload: quick[1]?.payload } })));
    const all = await graph.waitForMessages(3);
    const last = all[2]?.message;
    assert.ok(last && 'text' in last && last.text.startsWith(templates.en.faq.offerHuman));
  });

  it('answers in the language of the person\'s Messenger profile', async () => {
    graph.setProfile('u7', { first_name: 'Zofia', locale: 'pl_PL' });
    await post(running, body(textEvent('u7', 'pomoc')));
    const [reply] = await graph.waitForMessages(1);
    assert.ok(reply?.message && 'text' in reply.message && reply.message.text.startsWith(templates.pl.help.split('\n')[0] ?? '∅'));
  });

  it('a redelivered mid gets no second reply', async () => {
    const event = textEvent('u4', 'help');
    await post(running, body(event));
    await graph.waitForMessages(1);
    await post(running, body(event));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(graph.messages().length, 1);
  });

  it('does not send a bot reply outside the 24-hour window', async () => {
    const old = { ...textEvent('u5', 'help'), timestamp: Date.now() - 25 * 60 * 60 * 1000 };
    await post(running, body(old));
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.ok(graph.calls.some((c) => c.body.recipient.id === 'u5' && c.body.sender_action === 'mark_seen'), 'the event was processed');
    assert.equal(graph.messages().filter((m) => m.recipient.id === 'u5').length, 0);
  });

  it('retries a 5xx from the Send API and delivers once', async () => {
    await post(running, body(textEvent('u6', 'hi')));
    await graph.waitForMessages(1);
    const before = graph.calls.length;
    graph.failNext(500, 2, 2);
    await post(running, body(textEvent('u6', 'help')));
    const sent = await graph.waitForMessages(2);
    assert.ok(sent[1]?.message && 'text' in sent[1].message && sent[1].message.text.startsWith('I can help'));
    assert.ok(graph.calls.length - before >= 3, 'two failures, then success');
  });
});
