import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { t, templates } from '../../dialogs/locales';
import { MemoryStore } from '../../bots/state/memoryStore';
import { SampleReturnService } from '../../dialogs/returns/returnService';
import { botUnderTest } from '../support/bot';

const clock = () => new Date('2026-11-22T09:00:00Z');
const say = (text: string, locale: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
const textOf = (r: Partial<Activity>) => r.text ?? '';
const actionsOf = (r: Partial<Activity>) => (r.suggestedActions?.actions ?? []).map((a) => String(a.title));
const starts = (prefix: string) => (r: Partial<Activity>) => assert.ok(textOf(r).startsWith(prefix), `"${textOf(r)}" should start with "${prefix}"`);

const openers = { en: "I'd like to return an item", de: 'Ich möchte etwas zurückschicken', pl: 'Chcę zwrócić produkt' } as const;
const yes = { en: 'yes', de: 'ja', pl: 'tak' } as const;
const socks = { en: 'Wool socks, 3 pairs', de: 'Wollsocken, 3 Paar', pl: 'Skarpety wełniane, 3 pary' };
const tent = { en: 'Two-person tent', de: 'Zwei-Personen-Zelt', pl: 'Namiot dwuosobowy' };
const refundDays = { en: 'within 5 working days', de: 'innerhalb von 5 Werktagen', pl: 'w ciągu 5 dni roboczych' };
const items = { en: ['Rain jacket, size M', 'Hiking boots, size 41'], de: ['Regenjacke, Größe M', 'Wanderschuhe, Größe 41'], pl: ['Kurtka przeciwdeszczowa, rozmiar M', 'Buty trekkingowe, rozmiar 41'] };

describe('ReturnsDialog through MainDialog', function () {
  this.timeout(20_000);
  for (const locale of ['en', 'de', 'pl'] as const) {
    const r = templates[locale].returns;
    for (const channelId of ['webchat', 'telegram', 'facebook', 'email']) {
      it(`${locale}/${channelId}: verifies the order, offers only returnable items and creates an RMA`, async () => {
        const { adapter } = botUnderTest({ clock, channelId });
        await adapter
          .send(say(openers[locale], locale))
          .assertReply(r.askOrder)
          .send(say('12', locale))
          .assertReply(r.orderRetry)
          .send(say('100234', locale))
          .assertReply(r.askProof)
          .send(say('31-019', locale))
          .assertReply((reply) => {
            // The socks (underwear) are named with the reason, not dropped without a word.
            starts(t(locale, 'returns.notAllEligible', { count: 1 }))(reply);
            assert.ok(textOf(reply).includes(t(locale, 'returns.why.category', { item: socks[locale] })), textOf(reply));
          })
          .assertReply((reply) => {
            starts(r.askItem)(reply);
            assert.deepEqual(actionsOf(reply), [...items[locale], r.allItems]);
          })
          .send(say('2', locale))
          // The boots by their name: no pronoun that would have to agree with "Wanderschuhe" or "Buty".
          .assertReply(starts(t(locale, 'returns.askReason', { count: 1, item: items[locale][1] ?? '∅' })))
          .send(say('1', locale))
          .assertReply(starts(r.askResolution))
          .send(say(r.exchange, locale))
          .assertReply((reply) => assert.ok(textOf(reply).includes(items[locale][1] ?? '∅')))
          .send(say(yes[locale], locale))
          .assertReply((reply) => {
            assert.match(textOf(reply), /RMA-\d{6}/);
            // An exchange is confirmed as one: no refund promised.
            const rma = /RMA-\d{6}/.exec(textOf(reply))?.[0] ?? '∅';
            assert.equal(textOf(reply), t(locale, 'returns.createdExchange', { rma, wanted: '', count: 1 }));
          })
          .startTest();
      });
    }

    it(`${locale}: three wrong answers offer a person, without saying which detail was wrong`, async () => {
      const { adapter } = botUnderTest({ clock });
      const wrongPairs = [['100234', 'someone@example.com'], ['999999', 'anna.nowak@example.com'], ['100377', '31-019']];
      let script = adapter.send(say(openers[locale], locale)).assertReply(r.askOrder);
      wrongPairs.forEach(([order, proof], i) => {
        script = script.send(say(order ?? '', locale)).assertReply(r.askProof).send(say(proof ?? '', locale));
        script = i < 2 ? script.assertReply(r.notFound).assertReply(r.askOrder) : script.assertReply(starts(r.tooManyTries.split('{{')[0] ?? ''));
      });
      await script.startTest();
    });

    it(`${locale}: explains why nothing in an order can be returned`, async () => {
      const { adapter } = botUnderTest({ clock });
      await adapter
        .send(say(openers[locale], locale)).assertReply(() => undefined)
        .send(say('100412', locale)).assertReply(() => undefined)
        .send(say('jan.kowalski@example.pl', locale))
        .assertReply((reply) => {
          starts(t(locale, 'returns.nothingEligible', { count: 2 }))(reply);
          assert.equal(textOf(reply).split('\n').length, 3, 'one line per item');
        })
        .send(say(openers[locale], locale)).assertReply(() => undefined)
        .send(say('100377', locale)).assertReply(() => undefined)
        .send(say('10117', locale))
        // A one-item order: "the item", not "none of the items"; the window in days from the order data.
        .assertReply((reply) => assert.equal(textOf(reply), [t(locale, 'returns.nothingEligible', { count: 1 }), `• ${t(locale, 'returns.why.window', { item: tent[locale], count: 30 })}`].join('\n')))
        .startTest();
    });

    it(`${locale}: items returned from another conversation while this one confirmed are refused in words, not with an apology`, async () => {
      const storage = new MemoryStore();
      const { adapter } = botUnderTest({ clock, storage });
      await adapter
        .send(say(openers[locale], locale)).assertReply(() => undefined)
        .send(say('100234', locale)).assertReply(() => undefined)
        .send(say('31-019', locale)).assertReply(() => undefined).assertReply(() => undefined)
        .send(say(r.allItems, locale)).assertReply(() => undefined)
        .send(say('1', locale)).assertReply(() => undefined)
        .send(say(r.refund, locale)).assertReply(() => undefined)
        .startTest();
      // Meanwhile the same order's boots went back through another conversation.
      const elsewhere = new SampleReturnService(storage, 'Europe/Berlin', clock);
      const order = await elsewhere.findOrder('100234', '31-019');
      assert.ok(order);
      await elsewhere.createReturn(order, { skus: ['BOOT-HIKE-41'], reason: 'fit', resolution: 'refund', customerKey: 'webchat/users/someone-else' });
      await adapter.send(say(yes[locale], locale)).assertReply(t(locale, 'returns.refusedAtCreate', { count: 2 })).startTest();
    });

    it(`${locale}: all items at once are counted, and a refund names its working days`, async () => {
      const { adapter } = botUnderTest({ clock });
      await adapter
        .send(say(openers[locale], locale)).assertReply(() => undefined)
        .send(say('100234', locale)).assertReply(() => undefined)
        .send(say('31-019', locale)).assertReply(() => undefined).assertReply(() => undefined)
        .send(say(r.allItems, locale))
        .assertReply(starts(t(locale, 'returns.askReason', { count: 2, item: '' })))
        .send(say('1', locale)).assertReply(() => undefined)
        .send(say(r.refund, locale))
        .assertReply(starts(t(locale, 'returns.confirm', { count: 2, items: items[locale].join('; '), resolution: r.refund })))
        .send(say(yes[locale], locale))
        .assertReply((reply) => {
          const rma = /RMA-\d{6}/.exec(textOf(reply))?.[0] ?? '∅';
          assert.equal(textOf(reply), t(locale, 'returns.created', { rma, count: 5 }));
          assert.ok(textOf(reply).includes(refundDays[locale]), textOf(reply));
        })
        .startTest();
    });
  }

  // The sample orders were delivered a fixed number of days before "now", so the demo keeps
  // one returnable and one too-late order whatever the date.
  it('a year later the sample order 100234 can still be returned and 100377 is still too late', async () => {
    const { adapter } = botUnderTest({ clock: () => new Date('2027-11-22T09:00:00Z') });
    const r = templates.en.returns;
    await adapter
      .send(say(openers.en, 'en')).assertReply(() => undefined)
      .send(say('100234', 'en')).assertReply(() => undefined)
      .send(say('31-019', 'en'))
      .assertReply(starts(t('en', 'returns.notAllEligible', { count: 1 })))
      .assertReply((reply) => {
        starts(r.askItem)(reply);
        assert.deepEqual(actionsOf(reply), [...items.en, r.allItems]);
      })
      .send(say('cancel', 'en')).assertReply(() => undefined)
      .send(say(openers.en, 'en')).assertReply(() => undefined)
      .send(say('100377', 'en')).assertReply(() => undefined)
      .send(say('10117', 'en'))
      .assertReply((reply) => assert.ok(textOf(reply).includes(t('en', 'returns.why.window', { item: tent.en, count: 30 })), textOf(reply)))
      .startTest();
  });

  it('an item returned once is not offered again', async () => {
    const { adapter } = botUnderTest({ clock });
    const r = templates.en.returns;
    await adapter
      .send(say(openers.en, 'en')).assertReply(() => undefined)
      .send(say('100234', 'en')).assertReply(() => undefined)
      .send(say('anna.nowak@example.com', 'en')).assertReply(starts(t('en', 'returns.notAllEligible', { count: 1 }))).assertReply(() => undefined)
      .send(say(r.allItems, 'en')).assertReply(() => undefined)
      .send(say('1', 'en')).assertReply(() => undefined)
      .send(say('1', 'en')).assertReply(() => undefined)
      .send(say('yes', 'en')).assertReply((reply) => assert.match(textOf(reply), /RMA-/))
      .send(say(openers.en, 'en')).assertReply(() => undefined)
      .send(say('100234', 'en')).assertReply(() => undefined)
      .send(say('anna.nowak@example.com', 'en'))
      .assertReply((reply) => {
        starts(t('en', 'returns.nothingEligible', { count: 3 }))(reply);
        assert.ok(textOf(reply).includes(t('en', 'returns.why.returned', { item: items.en[0] ?? '∅' })), textOf(reply));
      })
      .startTest();
  });
});
