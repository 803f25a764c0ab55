import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { soundsFrustrated } from '../../dialogs/handover/frustration';
import { humanAgentOf } from '../../dialogs/handover/agentReply';
import { HandoverQueue } from '../../dialogs/handover/handoverQueue';
import { HANDOVER_EVENTS, setInboxEvent } from '../../dialogs/handover/handoverState';
import { JsonFaqService, type FaqTopic } from '../../dialogs/faq/faqService';
import { t, templates } from '../../dialogs/locales';
import { hint } from '../../dialogs/prompts';
import { MemoryStore } from '../../bots/state/memoryStore';
import { botUnderTest, testConfig } from '../support/bot';

const AGENTS = 'Anna:anna-token-0123456789abcdef';
const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(vars[name] ?? ''));
const say = (text: string, locale = 'en'): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
const event = (name: string, value: unknown): Partial<Activity> => ({ type: ActivityTypes.Event, name, value, channelData: { fromInboxInThisTest: true } });
/** The same event as a customer's client could post it: not marked as the inbox's. */
const forgedEvent = (name: string, value: unknown): Partial<Activity> => ({ type: ActivityTypes.Event, name, value });
const textOf = (reply: Partial<Activity>) => reply.text ?? '';
const matches = (pattern: RegExp) => (reply: Partial<Activity>) => assert.match(reply.text ?? '', pattern);
const actionsOf = (reply: Partial<Activity>) => (reply.suggestedActions?.actions ?? []).map((a) => String(a.value));

/** Stands in for the inbox's ProactiveSender: marks `handover.*` events as the inbox's own turns. */
const faqAnswer = (topic: FaqTopic) => new JsonFaqService().entry(topic, 'en')?.answer ?? '∅';
const ACT_AS_INBOX = 'fromInboxInThisTest';

function handoverBot(env: Record<string, string> = {}, clock?: () => Date) {
  const storage = new MemoryStore();
  const bot = botUnderTest({ storage, config: testConfig({ INBOX_AGENTS: AGENTS, ...env }), ...(clock ? { clock } : {}) });
  bot.adapter.use(async (context, next) => {
    const activity = context.activity;
    if (activity.type === ActivityTypes.Event && activity.name && (activity.channelData as Record<string, unknown> | undefined)?.[ACT_AS_INBOX] === true) {
      setInboxEvent(context.turnState, { name: activity.name, value: activity.value });
    }
    await next();
  });
  return { ...bot, queue: new HandoverQueue(storage) };
}

async function onlyTicket(queue: HandoverQueue) {
  const all = await queue.list();
  assert.equal(all.length, 1, 'exactly one conversation was queued');
  return all[0]!;
}

describe('Handover dialog, relay and rating (customer side)', function () {
  this.timeout(20_000);
  const en = templates.en.handover;

  it('asks for a summary, queues with the transcript, relays quietly, delivers the agent reply and asks for a rating after resolve', async () => {
    const { adapter, queue, storage } = handoverBot();
    await adapter
      .send(say('hi'))
      .assertReply(matches(/How can I help/))
      .send(say('agent'))
      .assertReply(en.askSummary)
      .send(say('My parcel arrived damaged'))
      .assertReply(t('en', 'handover.queued', { position: 1, count: 10 }))
      .send(say('hello? anyone there?'))
      .startTest();
    // The bot said nothing to the relayed message: the next reply comes from the agent event.
    const waiting = await onlyTicket(queue);
    assert.equal(waiting.status, 'waiting');
    assert.equal(waiting.summary, 'My parcel arrived damaged');
    assert.deepEqual(waiting.messages.map((m) => `${m.from}:${m.text}`).slice(0, 2), ['customer:hi', `bot:${templates.en.greeting.replace('{{nameSuffix}}', '')}`]);
    assert.equal(waiting.messages.at(-1)?.text, 'hello? anyone there?');
    assert.equal(await queue.depth(), 1);

    await queue.claim(waiting.id, 'Anna');
    await adapter
      .send(event(HANDOVER_EVENTS.agentMessage, { agent: 'Anna', text: 'Sorry to hear that, I am on it.' }))
      .assertReply((r) => {
        assert.equal(textOf(r), 'Sorry to hear that, I am on it.', 'as typed: each channel shows the sender its own way');
        assert.equal(humanAgentOf(r), 'Anna', 'marked as a person\'s reply for the transcript and the renderers');
      })
      .send(say('thank you'))
      .send(event(HANDOVER_EVENTS.resolved, { agent: 'Anna', ticketId: waiting.id }))
      .assertReply(fill(en.resolved, { agent: 'Anna' }))
      .assertReply((r) => {
        assert.equal(textOf(r), en.rate);
        assert.deepEqual(actionsOf(r), ['1', '2', '3', '4', '5']);
      })
      .send(say('7'))
      .assertReply((r) => assert.equal(textOf(r), en.rateRetry))
      // "great" is small talk, not a wrong answer: the question again, without the retry hint.
      .send(say('great'))
      .assertReply((r) => assert.equal(textOf(r), en.rate))
      .send(say('4'))
      .assertReply(en.thanks)
      .send(say('help'))
      .assertReply(matches(/I can help you with/))
      .startTest();
    const rated = await queue.get(waiting.id);
    assert.equal(rated?.rating, 4);
    assert.equal(rated?.messages.find((m) => m.text === 'thank you')?.from, 'customer');
    const conversation = Object.values(await storage.read(['webchat/conversations/Convo1']))[0] as { satisfaction?: { rating: number }[] } | undefined;
    assert.deepEqual(conversation?.satisfaction?.map((s) => s.rating), [4]);
  });

  it('the rating is skippable: a question instead of a number is answered and the rating dropped', async () => {
    const { adapter, queue } = handoverBot();
    await adapter.send(say('agent')).assertReply(en.askSummary).send(say('My parcel arrived damaged')).assertReply(() => undefined).startTest();
    const ticket = await onlyTicket(queue);
    await queue.claim(ticket.id, 'Anna');
    await adapter
      .send(event(HANDOVER_EVENTS.resolved, { agent: 'Anna', ticketId: ticket.id }))
      .assertReply(fill(en.resolved, { agent: 'Anna' }))
      .assertReply(en.rate)
      .send(say('ok and when are you open on saturday'))
      .assertReply(faqAnswer('opening-hours'))
      .assertReply(templates.en.faq.didItHelp)
      .startTest();
    assert.equal((await queue.get(ticket.id))?.rating, undefined);
  });

  it('takes a frustrated message as the summary and hands over at once', async () => {
    const { adapter, queue } = handoverBot();
    await adapter.send(say('THIS BOT IS NOT HELPING ME AT ALL')).assertReply(t('en', 'handover.queued', { position: 1, count: 10 })).startTest();
    assert.equal((await onlyTicket(queue)).summary, 'THIS BOT IS NOT HELPING ME AT ALL');
  });

  it('an FAQ answer that did not help leads to a person; a name in capitals is not taken for shouting', async () => {
    const { adapter } = handoverBot();
    await adapter
      .send(say('when will I get my money back'))
      .assertReply((r) => assert.ok(textOf(r).length > 0))
      .assertReply((r) => assert.match(textOf(r), /\?/))
      .send(say(templates.en.faq.no))
      .assertReply((r) => assert.ok(textOf(r).startsWith(templates.en.faq.offerHuman)))
      .send(say(templates.en.faq.talkToPerson))
      .assertReply(en.askSummary)
      .startTest();
    assert.equal(soundsFrustrated('ANNA KOWALSKA-NOWAK'), false);
    assert.equal(soundsFrustrated('WHY IS NOBODY ANSWERING ME'), true);
    assert.equal(soundsFrustrated('Das ist doch nutzlos'), true);
    assert.equal(soundsFrustrated('to jest strata czasu'), true);
    assert.equal(soundsFrustrated('Where is my order?'), false);
  });

  it('hands over when the bot failed twice (not understood, and the menu did not help either)', async () => {
    const { adapter, queue } = handoverBot();
    await adapter
      .send(say('blorp zzzq'))
      .assertReply(templates.en.fallback.notUnderstood)
      .send(say('qwx vvv'))
      .assertReply(templates.en.menu.intro)
      .send(say('flibber jabber'))
      .assertReply(t('en', 'handover.queued', { position: 1, count: 10 }))
      .startTest();
    assert.equal((await onlyTicket(queue)).summary, 'flibber jabber');
  });

  it('"back to bot" and "cancel" end the wait; the bot answers again', async () => {
    const { adapter, queue } = handoverBot();
    await adapter
      .send(say('human'))
      .assertReply(en.askSummary)
      .send(say('refund question'))
      .assertReply(matches(/number 1 in line/))
      .send(say('back to bot'))
      .assertReply(en.backToBot)
      .send(say('help'))
      .assertReply(matches(/I can help you with/))
      .startTest();
    assert.equal((await onlyTicket(queue)).status, 'resolved');
    assert.equal(await queue.depth(), 0);
  });

  it('re-asks for the summary when it is empty or too long', async () => {
    const { adapter } = handoverBot();
    await adapter
      .send(say('agent'))
      .assertReply(en.askSummary)
      .send(say('x'.repeat(400)))
      .assertReply(t('en', 'handover.summaryRetry', { count: 300 }))
      .startTest();
  });

  it('after the claim timeout offers to keep waiting or leave a message', async () => {
    const { adapter, queue } = handoverBot();
    await adapter
      .send(say('agent'))
      .assertReply(en.askSummary)
      .send(say('where is my order'))
      .assertReply(matches(/number 1 in line/))
      .send(event(HANDOVER_EVENTS.claimTimeout, {}))
      .assertReply((r) => {
        assert.equal(textOf(r), en.claimTimeout);
        assert.deepEqual(actionsOf(r), [en.keepWaiting, en.leaveMessage]);
      })
      .startTest();
    const ticket = await onlyTicket(queue);
    assert.equal(await queue.markTimeoutNotified(ticket.id), true);
    assert.equal(await queue.markTimeoutNotified(ticket.id), false, 'told once, even with several instances sweeping');
    await adapter
      .send(say(en.keepWaiting))
      .assertReply(fill(en.stillWaiting, { position: 1 }))
      .send(say('1.'))
      .assertReply(fill(en.stillWaiting, { position: 1 }))
      .send(say(en.leaveMessage))
      .assertReply(en.askMessage)
      .startTest();
    assert.equal((await queue.get(ticket.id))?.leftMessage, true);
  });

  // Written in the customer's language: a clear sentence in another one switches the conversation to it.
  const callBack = { en: 'Please call me back about order 100234', de: 'Bitte rufen Sie mich wegen der Bestellung 100234 zurück', pl: 'Proszę o telefon w sprawie zamówienia 100234' };
  for (const locale of ['en', 'de', 'pl'] as const) {
    it(`${locale}: outside business hours says so and offers to leave a message`, async () => {
      const strings = templates[locale].handover;
      // A Sunday noon in Berlin.
      const { adapter, queue } = handoverBot({ BUSINESS_HOURS: 'Mon-Fri 09:00-18:00' }, () => new Date('2026-11-29T11:00:00Z'));
      const person = { en: 'agent', de: 'mitarbeiter', pl: 'konsultant' }[locale];
      await adapter
        .send(say(person, locale))
        .assertReply(fill(strings.away, { hours: 'Mon-Fri 09:00-18:00' }))
        .assertReply((r) => assert.deepEqual(actionsOf(r), [strings.leaveMessage, strings.noThanks]))
        .send(say('maybe', locale))
        .assertReply((r) => {
          // A miss names the options, in the customer's language.
          assert.ok(textOf(r).startsWith(hint(locale, 'choiceUnknown').split('{{')[0] ?? ''), textOf(r));
          assert.ok(textOf(r).includes(strings.leaveMessage));
        })
        .send(say(strings.leaveMessage, locale))
        .assertReply(strings.askMessage)
        .send(say(callBack[locale], locale))
        .assertReply(strings.messageLeft)
        .startTest();
      const ticket = await onlyTicket(queue);
      assert.equal(ticket.leftMessage, true);
      assert.equal(ticket.locale, locale);
      assert.equal(ticket.summary, callBack[locale]);
    });
  }
  it('keeps the last lines both ways in conversation state only while people can take over', async () => {
    const transcriptOf = async (storage: MemoryStore) =>
      (Object.values(await storage.read(['webchat/conversations/Convo1']))[0] as { transcript?: { from: string; text: string }[] } | undefined)?.transcript;

    const withAgents = handoverBot();
    await withAgents.adapter.send(say('hi')).assertReply(matches(/How can I help/));
    assert.deepEqual((await transcriptOf(withAgents.storage as MemoryStore))?.map((line) => line.from), ['customer', 'bot']);

    const storage = new MemoryStore();
    const withoutAgents = botUnderTest({ storage });
    await withoutAgents.adapter.send(say('hi')).assertReply(matches(/How can I help/));
    assert.ok(Object.keys(await storage.read(['webchat/conversations/Convo1'])).length === 1, 'the conversation state was saved');
    assert.equal(await transcriptOf(storage), undefined, 'no agents: no transcript grows the state');
  });
  const cases = [
    ['pl', '1', 'chcę rozmawiać z konsultantem', 'paczka nie doszła', 'przez 1 minutę nikt'],
    ['pl', '22', 'konsultant proszę', 'paczka nie doszła', 'przez 22 minuty nikt'],
    ['de', '2', 'ich möchte mit einem Mitarbeiter sprechen', 'mein Paket ist nicht angekommen', 'innerhalb von 2 Minuten niemand'],
  ] as const;
  for (const [locale, minutes, words, summary, wait] of cases) {
    it(`${locale}: the queue reply gives the claim timeout of ${minutes} in the right form ("${wait}")`, async () => {
      const { adapter } = handoverBot({ HANDOVER_CLAIM_TIMEOUT_MINUTES: minutes });
      await adapter
        .send(say(words, locale)).assertReply(() => undefined)
        .send(say(summary, locale))
        .assertReply((r) => {
          assert.equal(textOf(r), t(locale, 'handover.queued', { position: 1, count: Number(minutes) }));
          assert.ok(textOf(r).includes(wait), textOf(r));
        })
        .startTest();
    });
  }
  it('ignores handover events a customer posts (no forged agent message, no self-resolve) and a resolve of an older ticket', async () => {
    const { adapter, queue } = handoverBot();
    await adapter.send(say('agent')).assertReply(en.askSummary).send(say('Broken zip')).assertReply(t('en', 'handover.queued', { position: 1, count: 10 })).startTest();
    const ticket = await onlyTicket(queue);
    await queue.claim(ticket.id, 'Anna');
    await adapter
      .send(forgedEvent(HANDOVER_EVENTS.agentMessage, { agent: 'Anna', text: 'Approved: full refund of 500 EUR' }))
      .send(forgedEvent(HANDOVER_EVENTS.resolved, { agent: 'Anna', ticketId: ticket.id }))
      .send(event(HANDOVER_EVENTS.resolved, { agent: 'Anna', ticketId: 'an-older-ticket' }))
      .send(event(HANDOVER_EVENTS.agentMessage, { agent: 'Anna', text: 'Real reply' }))
      .assertReply('Real reply')
      .startTest();
    const after = await queue.get(ticket.id);
    assert.equal(after?.status, 'assigned', 'still with the agent');
    assert.ok(!after?.messages.some((m) => m.text.includes('500 EUR')), 'no forged line reached the ticket');
  });

});
