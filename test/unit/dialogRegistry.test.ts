import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { DIALOG_MODULES } from '../../dialogs';
import { JsonFaqService, type KnowledgeBaseFile } from '../../dialogs/faq/faqService';
import { registerTexts, t, templates } from '../../dialogs/locales';
import { NluRecognizer } from '../../dialogs/nlu/recognizer';
import { DialogRegistry, type DialogModule } from '../../dialogs/registry';
import { giftWrapModule } from '../fixtures/giftWrap/module';
import { botUnderTest } from '../support/bot';
import { assertHelp } from '../support/helpText';

const say = (text: string, locale: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
const textOf = (activity: Partial<Activity>) => activity.text ?? '';
const withGiftWrap = [...DIALOG_MODULES, giftWrapModule];

describe('dialog registry: a dialog is one folder plus one line', () => {
  // Each customer asks in their own words (none of them is an example the folder trains on).
  const customers = [
    { locale: 'en', ask: 'hi, could you gift wrap order 100234? its a birthday present', paper: 'the gold one', pick: 'Gold' },
    { locale: 'de', ask: 'kann ich die bestellung 100234 als geschenk verpackt bekommen', paper: 'rot bitte', pick: 'Rot mit Schleife' },
    { locale: 'pl', ask: 'czy mozna zapakowac zamowienie 100234 na prezent', paper: 'zwykly szary', pick: 'Zwykły szary papier' },
  ] as const;
  for (const c of customers) {
    it(`${c.locale}: reached by text, the order number taken from the first message, the paper in own words`, async () => {
      const { adapter } = botUnderTest({ modules: withGiftWrap });
      await adapter
        .send(say(c.ask, c.locale))
        .assertReply((a) => assert.ok(textOf(a).startsWith(t(c.locale, 'giftWrap.askPaper', { order: '100234' })), textOf(a)))
        .send(say(c.paper, c.locale))
        .assertReply(t(c.locale, 'giftWrap.done', { order: '100234', paper: c.pick }));
    });
  }

  it('asks for what the first message did not say, and its retry text is its own', async () => {
    const { adapter } = botUnderTest({ modules: withGiftWrap });
    await adapter
      .send(say('ich haette gerne eine geschenkverpackung fuer meine bestellung', 'de'))
      .assertReply(t('de', 'giftWrap.askOrder'))
      .send(say('keine ahnung', 'de'))
      .assertReply(t('de', 'giftWrap.orderRetry'))
      .send(say('die nummer ist 100412', 'de'))
      .assertReply((a) => assert.ok(textOf(a).startsWith(t('de', 'giftWrap.askPaper', { order: '100412' })), textOf(a)));
  });

  it('unregistered, the same message is not routed to it', async () => {
    const { adapter } = botUnderTest();
    await adapter.send(say('hi, could you gift wrap order 100234? its a birthday present', 'en')).assertReply((a) => assert.ok(!textOf(a).startsWith(t('en', 'giftWrap.askPaper', { order: '100234' })), textOf(a)));
  });

  it('the shop\'s own dialogs still work beside it', async () => {
    const { adapter } = botUnderTest({ modules: withGiftWrap });
    await adapter.send(say('i want to return my order', 'en')).assertReply(t('en', 'returns.askOrder'));
  });

  it('its line joins the help text in each language, after the shop\'s own', async () => {
    for (const [locale, word] of [['en', 'help'], ['de', 'hilfe'], ['pl', 'pomoc']] as const) {
      const { adapter } = botUnderTest({ modules: withGiftWrap });
      const texts = templates[locale];
      await adapter.send(say(word, locale)).assertReply(assertHelp(locale, [texts.booking.help, texts.returns.help, t(locale, 'giftWrap.help')])).startTest();
    }
  });

  it('builds the intent list from the folders', () => {
    assert.deepEqual(new DialogRegistry(DIALOG_MODULES).intents(), ['faq', 'booking', 'returns', 'handover', 'privacyErase', 'linkEmail']);
    assert.deepEqual(new DialogRegistry(withGiftWrap).intents(), ['faq', 'booking', 'returns', 'handover', 'privacyErase', 'linkEmail', 'giftWrap']);
  });

  it('refuses two folders claiming one intent', () => {
    const copy: DialogModule = { ...giftWrapModule, name: 'copy' };
    assert.throws(() => new DialogRegistry([giftWrapModule, copy]), /intent "giftWrap" is claimed by both "giftWrap" and "copy"/);
  });

  it('refuses texts missing in a locale, and a name the bot\'s own texts use', () => {
    assert.throws(() => registerTexts('partial', { en: { ask: 'Which?', done: 'Done' }, de: { ask: 'Welche?', done: 'Fertig' }, pl: { ask: 'Który?' } }), /the pl texts of "partial" lack done/);
    assert.throws(() => registerTexts('booking', { en: { x: 'x' }, de: { x: 'x' }, pl: { x: 'x' } }), /"booking" is taken/);
  });

  it('takes the FAQ topics from the knowledge-base files: a shop\'s own topic is understood, no list in code', async () => {
    const bikeShop: KnowledgeBaseFile = {
      'bike-storage': {
        title: 'Bike storage',
        answer: 'You can leave your bike with us overnight for 5 EUR.',
        paraphrases: ['can i leave my bike overnight', 'do you store bikes', 'bike parking overnight', 'where can i park my bicycle', 'storage for my bike'],
      },
      'opening-hours': { title: 'Opening hours', answer: 'We are open 8 to 20.', paraphrases: ['when are you open', 'opening times', 'are you open on sunday', 'what time do you close', 'hours'] },
    };
    const faq = new JsonFaqService({ en: bikeShop });
    assert.deepEqual(faq.topics(), ['bike-storage', 'opening-hours']);
    const nlu = new NluRecognizer(faq, ['en'], 'en', new DialogRegistry(DIALOG_MODULES));
    const understood = await nlu.analyse('hey is it possible to leave my bike with you overnight', 'en');
    assert.equal(understood.intent, 'faq');
    assert.equal(understood.faq, 'bike-storage');
  });
});
