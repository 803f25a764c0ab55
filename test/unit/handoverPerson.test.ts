import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { canReachCustomerLater, channelTraits } from '../../bots/pipeline/channelTraits';
import { MemoryStore } from '../../bots/state/memoryStore';
import { humanAgentOf } from '../../dialogs/handover/agentReply';
import { readContactAnswer } from '../../dialogs/handover/contactAnswer';
import { HandoverQueue } from '../../dialogs/handover/handoverQueue';
import { HANDOVER_EVENTS, setInboxEvent } from '../../dialogs/handover/handoverState';
import { t, templates } from '../../dialogs/locales';
import { botUnderTest, testConfig } from '../support/bot';

type Locale = 'en' | 'de' | 'pl';
const LOCALES: readonly Locale[] = ['en', 'de', 'pl'];
const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(vars[name] ?? ''));
const say = (text: string, locale: Locale): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
const INBOX = 'fromInboxInThisTest';
const inboxEvent = (name: string, value: unknown): Partial<Activity> => ({ type: ActivityTypes.Event, name, value, channelData: { [INBOX]: true } });
const actionsOf = (reply: Partial<Activity>) => (reply.suggestedActions?.actions ?? []).map((a) => String(a.title));
/** A Sunday noon in Berlin: outside Mon–Fri 09:00–18:00. */
const SUNDAY_NOON = () => new Date('2026-11-29T11:00:00Z');
const PERSON: Record<Locale, string> = { en: 'agent', de: 'mitarbeiter', pl: 'konsultant' };
// Written as customers type, in their language (a clear sentence in another one would switch it).
const MESSAGE: Record<Locale, string> = {
  en: 'my parcel 100234 never came, please look into it',
  de: 'mein paket 100234 ist nie angekommen, bitte pruefen sie das',
  pl: 'moja paczka 100234 nie dotarla, prosze to sprawdzic',
};

/**
 * The real bot behind a TestAdapter, on a channel that reaches the customer later or not (what a
 * channel module's capabilities say in the server), with inbox events marked as the inbox's.
 */
function handoverBot(options: { reachesCustomerLater?: boolean; env?: Record<string, string>; clock?: () => Date } = {}) {
  const storage = new MemoryStore();
  const bot = botUnderTest({ storage, config: testConfig({ INBOX_AGENTS: 'Anna:anna-token-0123456789abcdef', ...options.env }), ...(options.clock ? { clock: options.clock } : {}) });
  if (options.reachesCustomerLater !== undefined) bot.adapter.use(channelTraits({ reachesCustomerLater: options.reachesCustomerLater }));
  bot.adapter.use(async (context, next) => {
    const activity = context.activity;
    if (activity.type === ActivityTypes.Event && activity.name && (activity.channelData as Record<string, unknown> | undefined)?.[INBOX] === true) {
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

/** Asks for a person on Sunday, chooses to leave a message and writes it; the bot's next reply is the caller's. */
async function leaveMessage(bot: ReturnType<typeof handoverBot>, locale: Locale) {
  const strings = templates[locale].handover;
  await bot.adapter
    .send(say(PERSON[locale], locale))
    .assertReply(fill(strings.away, { hours: 'Mon-Fri 09:00-18:00' }))
    .assertReply(strings.awayOffer)
    .send(say(strings.leaveMessage, locale))
    .assertReply(strings.askMessage)
    .startTest();
}

describe('Handover with a person: who joined, who writes, how to reach the customer', function () {
  this.timeout(20_000);

  for (const locale of LOCALES) {
    const strings = templates[locale].handover;

    it(`${locale}: the customer is told by name when an agent claims, and the agent's text reaches them as typed, marked as theirs`, async () => {
      const { adapter, queue } = handoverBot();
      await adapter.send(say(PERSON[locale], locale)).assertReply(strings.askSummary).send(say(MESSAGE[locale], locale)).assertReply(t(locale, 'handover.queued', { position: 1, count: 10 })).startTest();
      const ticket = await onlyTicket(queue);
      await queue.claim(ticket.id, 'Anna');
      await adapter
        .send(inboxEvent(HANDOVER_EVENTS.agentJoined, { agent: 'Anna', ticketId: ticket.id }))
        .assertReply((reply) => {
          assert.equal(reply.text, fill(strings.agentJoined, { name: 'Anna' }));
          assert.equal(humanAgentOf(reply), undefined, 'the notice is the bot speaking');
        })
        .send(inboxEvent(HANDOVER_EVENTS.agentMessage, { agent: 'Anna', text: 'Hi, *Anna* here <b>checking</b> 100234' }))
        .assertReply((reply) => {
          assert.equal(reply.text, 'Hi, *Anna* here <b>checking</b> 100234', 'no name prefix: the channel shows the sender');
          assert.equal(humanAgentOf(reply), 'Anna');
        })
        .startTest();
    });

    it(`${locale}: out of hours on a channel that cannot reach the customer later, the message is kept and the e-mail they give goes on the ticket`, async () => {
      const bot = handoverBot({ reachesCustomerLater: false, env: { BUSINESS_HOURS: 'Mon-Fri 09:00-18:00' }, clock: SUNDAY_NOON });
      await leaveMessage(bot, locale);
      await bot.adapter
        .send(say(MESSAGE[locale], locale))
        .assertReply((reply) => {
          assert.equal(reply.text, strings.askContact);
          assert.deepEqual(actionsOf(reply), [strings.noThanks], 'skippable with one button');
        })
        .startTest();
      const queuedBeforeTheAnswer = await onlyTicket(bot.queue);
      assert.equal(queuedBeforeTheAnswer.summary, MESSAGE[locale], 'a customer who closes the page now has not lost the message');
      const typed = { en: 'sure its Anna.K@example.com thanks', de: 'gerne, Anna.K@example.com', pl: 'jasne, Anna.K@example.com dziekuje' }[locale];
      await bot.adapter.send(say(typed, locale)).assertReply(fill(strings.messageLeftContact, { contact: 'Anna.K@example.com' })).startTest();
      const ticket = await onlyTicket(bot.queue);
      assert.deepEqual(ticket.contact, { kind: 'email', value: 'Anna.K@example.com' });
      assert.equal(ticket.leftMessage, true);
      // From now on the relay has the conversation: what the customer adds goes to the ticket.
      await bot.adapter.send(say('100234', locale)).startTest();
      assert.equal((await bot.queue.get(ticket.id))?.messages.at(-1)?.text, '100234');
    });

    it(`${locale}: the contact question takes a phone number, and a no (or two answers it cannot read) skips it`, async () => {
      const phone = handoverBot({ reachesCustomerLater: false, env: { BUSINESS_HOURS: 'Mon-Fri 09:00-18:00' }, clock: SUNDAY_NOON });
      await leaveMessage(phone, locale);
      const number = { en: 'call me on +44 20 7946 0958', de: 'rufen sie mich an: 030 1234567', pl: 'prosze dzwonic 601 234 567' }[locale];
      const e164 = { en: '+442079460958', de: '+49301234567', pl: '+48601234567' }[locale];
      await phone.adapter.send(say(MESSAGE[locale], locale)).assertReply(strings.askContact).send(say(number, locale)).assertReply(fill(strings.messageLeftContact, { contact: e164 })).startTest();
      assert.deepEqual((await onlyTicket(phone.queue)).contact, { kind: 'phone', value: e164 });

      const declined = handoverBot({ reachesCustomerLater: false, env: { BUSINESS_HOURS: 'Mon-Fri 09:00-18:00' }, clock: SUNDAY_NOON });
      await leaveMessage(declined, locale);
      const no = { en: 'no thanks, ill check back tomorrow', de: 'nein danke, ich schaue morgen wieder rein', pl: 'nie dziekuje, zajrze jutro' }[locale];
      await declined.adapter.send(say(MESSAGE[locale], locale)).assertReply(strings.askContact).send(say(no, locale)).assertReply(strings.messageLeft).startTest();
      assert.equal((await onlyTicket(declined.queue)).contact, undefined);

      const unreadable = handoverBot({ reachesCustomerLater: false, env: { BUSINESS_HOURS: 'Mon-Fri 09:00-18:00' }, clock: SUNDAY_NOON });
      await leaveMessage(unreadable, locale);
      await unreadable.adapter
        .send(say(MESSAGE[locale], locale))
        .assertReply(strings.askContact)
        .send(say('hmm', locale))
        .assertReply((reply) => {
          assert.equal(reply.text, strings.contactRetry);
          assert.deepEqual(actionsOf(reply), [strings.noThanks]);
        })
        .send(say('???', locale))
        .assertReply(strings.messageLeft)
        .startTest();
      assert.equal((await onlyTicket(unreadable.queue)).contact, undefined);
    });

    it(`${locale}: on a channel that reaches the customer later (a chat app, mail) the message is left without the contact question`, async () => {
      const bot = handoverBot({ reachesCustomerLater: true, env: { BUSINESS_HOURS: 'Mon-Fri 09:00-18:00' }, clock: SUNDAY_NOON });
      await leaveMessage(bot, locale);
      await bot.adapter.send(say(MESSAGE[locale], locale)).assertReply(strings.messageLeft).startTest();
      assert.equal((await onlyTicket(bot.queue)).contact, undefined);
    });
  }

  it('within business hours nobody is asked for a contact, whatever the channel', async () => {
    const bot = handoverBot({ reachesCustomerLater: false, env: { BUSINESS_HOURS: 'Mon-Sun 00:00-23:59' }, clock: SUNDAY_NOON });
    const en = templates.en.handover;
    await bot.adapter.send(say('agent', 'en')).assertReply(en.askSummary).send(say(MESSAGE.en, 'en')).assertReply(t('en', 'handover.queued', { position: 1, count: 10 })).startTest();
  });

  it('a join notice for an older ticket (the customer went back to the bot) says nothing', async () => {
    const { adapter, queue } = handoverBot();
    const en = templates.en.handover;
    await adapter.send(say('agent', 'en')).assertReply(en.askSummary).send(say(MESSAGE.en, 'en')).assertReply(() => undefined).send(say('back to bot', 'en')).assertReply(en.backToBot).startTest();
    const ticket = await onlyTicket(queue);
    await adapter.send(inboxEvent(HANDOVER_EVENTS.agentJoined, { agent: 'Anna', ticketId: ticket.id })).send(say('help', 'en')).assertReply((reply) => assert.match(reply.text ?? '', /I can help you with/)).startTest();
  });

  it('a turn without channel traits counts as reachable later (no extra question where nothing says otherwise)', async () => {
    const { adapter } = handoverBot();
    let seen: boolean | undefined;
    adapter.use(async (context, next) => {
      seen = canReachCustomerLater(context);
      await next();
    });
    await adapter.send(say('hi', 'en')).assertReply(() => undefined).startTest();
    assert.equal(seen, true);
  });

  describe('reading the answer to "how can we reach you?"', () => {
    const table: [Locale, string, ReturnType<typeof readContactAnswer>][] = [
      ['en', 'anna@example.com', { kind: 'email', value: 'anna@example.com' }],
      ['en', 'no, use anna@example.com instead', { kind: 'email', value: 'anna@example.com' }],
      ['en', '07911 123456', { kind: 'phone', value: '+447911123456' }],
      ['en', 'No, thanks', 'declined'],
      ['en', 'nope', 'declined'],
      ['en', "ok no thanks i'll come back", 'declined'],
      ['en', 'nothing to say here', undefined],
      ['en', 'tomorrow', undefined],
      ['de', 'meine mail ist jan.kowalski@beispiel.de', { kind: 'email', value: 'jan.kowalski@beispiel.de' }],
      ['de', '0151 23456789', { kind: 'phone', value: '+4915123456789' }],
      ['de', 'Nein, danke', 'declined'],
      ['de', 'lieber nicht', 'declined'],
      ['de', 'nicht noetig', 'declined'],
      ['de', 'keine ahnung', undefined],
      ['pl', 'mój mail to ola@przyklad.pl', { kind: 'email', value: 'ola@przyklad.pl' }],
      ['pl', '+48 601 234 567', { kind: 'phone', value: '+48601234567' }],
      ['pl', 'Nie, dziękuję', 'declined'],
      ['pl', 'nie dziekuje', 'declined'],
      ['pl', 'wole nie', 'declined'],
      ['pl', 'jutro', undefined],
    ];
    for (const [locale, text, expected] of table) {
      it(`${locale}: "${text}"`, () => assert.deepEqual(readContactAnswer(text, locale), expected));
    }
  });
});
