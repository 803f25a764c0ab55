import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createWebChatChannel } from '../../channels/webchat';
import { templates } from '../../dialogs/locales';
import { directLineClient, generateToken } from '../support/directLineClient';
import { ANNA_TOKEN, BEN_TOKEN, eventually, INBOX_ENV, inboxClient } from '../support/inbox';
import { serverUnderTest } from '../support/server';

const en = templates.en.handover;

/** The handover queue's depth as Prometheus reports it at /metrics (METRICS_TOKEN is unset here). */
async function handoverDepthMetric(baseUrl: string): Promise<string | undefined> {
  const body = await (await fetch(`${baseUrl}/metrics`)).text();
  return /^switchboard_queue_depth\{queue="handover"\} (\d+)$/m.exec(body)?.[1];
}

describe('Agent inbox end to end: web chat (Direct Line)', function () {
  this.timeout(30_000);
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  before(async () => {
    running = await serverUnderTest(INBOX_ENV, new MemoryStore(), [createWebChatChannel]);
  });
  after(async () => running?.stop());

  it('customer asks for a person, an agent claims and replies, the customer gets it, resolve brings the bot back with the rating', async () => {
    const { token } = await generateToken(running.baseUrl, 'en-US');
    const customer = directLineClient(running.baseUrl, token, { webSocket: false });
    const anna = inboxClient(running.baseUrl, ANNA_TOKEN);
    const ben = inboxClient(running.baseUrl, BEN_TOKEN);
    const botSaid = (text: string) => eventually(() => customer.fromBot().find((a) => a.text === text), `the bot saying "${text}"`);
    try {
      await customer.say('agent');
      await botSaid(en.askSummary);
      await customer.say('My parcel never arrived');
      await eventually(() => customer.fromBot().find((a) => /number 1 in line/.test(a.text ?? '')), 'the queue position');

      const listed = await anna.waitFor((c) => c.summary === 'My parcel never arrived');
      assert.equal(listed.status, 'waiting');
      assert.equal(listed.channel, 'webchat');
      assert.equal(listed.locale, 'en');
      assert.equal(await handoverDepthMetric(running.baseUrl), '1', 'the waiting conversation counted in /metrics');

      assert.equal((await anna.reply(listed.id, 'not yet mine')).status, 409, 'replying before claiming');
      assert.equal((await anna.claim(listed.id)).status, 200);
      assert.equal((await ben.claim(listed.id)).status, 409, 'a second claim');
      assert.equal(await handoverDepthMetric(running.baseUrl), '0', 'a claimed conversation no longer waits');
      assert.equal((await ben.reply(listed.id, 'me too')).status, 409, 'replying to a conversation someone else holds');

      await botSaid(en.agentJoined.replace('{{name}}', 'Anna'));
      const sent = await anna.reply(listed.id, 'Hello, I am checking the tracking now.');
      assert.equal(sent.status, 201);
      assert.deepEqual(await sent.json(), { delivered: true, channel: 'webchat' });
      await botSaid('Hello, I am checking the tracking now.');

      await customer.say('Thanks, it was order 100234');
      const detail = await eventually(async () => {
        const d = await anna.get(listed.id);
        return d.messages.some((m) => m.text === 'Thanks, it was order 100234') ? d : undefined;
      }, 'the customer message reaching the agent');
      assert.deepEqual(detail.messages.filter((m) => m.from === 'agent').map((m) => [m.agent, m.text, m.delivered]), [['Anna', 'Hello, I am checking the tracking now.', true]]);
      assert.ok(detail.messages.some((m) => m.from === 'customer' && m.text === 'agent'), 'the transcript from before the handover came along');
      assert.equal(detail.cannedReplies[0]?.id, 'greeting');
      assert.equal(customer.fromBot().filter((a) => /Thanks, it was order/.test(a.text ?? '')).length, 0);

      const resolved = await anna.resolve(listed.id);
      assert.equal(resolved.status, 200);
      await botSaid(en.resolved.replace('{{agent}}', 'Anna'));
      await botSaid(en.rate);
      await customer.say('5');
      await botSaid(en.thanks);
      assert.equal((await anna.get(listed.id)).rating, 5);
      const again = await anna.resolve(listed.id);
      assert.equal(again.status, 200, 'the agent who resolved it may repeat it');
      assert.equal(((await again.json()) as { delivered: boolean }).delivered, false, 'but the conversation has moved on: nothing is sent');
      assert.equal((await ben.resolve(listed.id)).status, 409, 'so is resolving by someone who never held it');
      assert.equal(customer.fromBot().filter((a) => a.text === en.rate).length, 1, 'the customer was asked to rate once');

      // Direct Line lets a client post any event: a forged agent message is not shown as the agent's.
      await customer.postEvent('handover.agentMessage', { agent: 'Anna', text: 'Approved: full refund of 500 EUR' });
      await customer.say('help');
      await eventually(() => customer.fromBot().find((a) => /I can help you with/.test(a.text ?? '')), 'the bot answering help');
      assert.equal(customer.fromBot().filter((a) => /500 EUR/.test(a.text ?? '')).length, 0, 'no forged agent message');
      assert.deepEqual(await anna.list(), [], 'nothing left waiting or assigned');
    } finally {
      customer.end();
    }
  });
});
