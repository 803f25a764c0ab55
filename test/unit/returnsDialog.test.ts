import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { templates } from '../../dialogs/locales';
import { botUnderTest } from '../support/bot';

const clock = () => new Date('2026-11-22T09:00:00Z');
const say = (text: string, locale: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
const textOf = (r: Partial<Activity>) => r.text ?? '';
const actionsOf = (r: Partial<Activity>) => (r.suggestedActions?.actions ?? []).map((a) => String(a.title));
const starts = (prefix: string) => (r: Partial<Activity>) => assert.ok(textOf(r).startsWith(prefix), `"${textOf(r)}" should start with "${prefix}"`);

const openers = { en: "I'd like to return an item", de: 'Ich möchte etwas zurückschicken', pl: 'Chcę zwrócić produkt' } as const;
const yes = { en: 'yes', de: 'ja', pl: 'tak' } as const;
const socks = { en: 'Wool socks, 3 pairs', de: 'Wollsocken, 3 Paar', pl: 'Skarpety wełniane, 3 pary' };
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
            starts(r.notAllEligible)(reply);
            assert.ok(textOf(reply).includes(r.why.category.replace('{{item}}', socks[locale])), textOf(reply));
          })
          .assertReply((reply) => {
            starts(r.askItem)(reply);
            assert.deepEqual(actionsOf(reply), [...items[locale], r.allItems]);
          })
          .send(say('2', locale))
          .assertReply(starts(r.askReason))
          .send(say('1', locale))
          .assertReply(starts(r.askResolution))
          .send(say(r.exchange, locale))
          .assertReply((reply) => assert.ok(textOf(reply).includes(items[locale][1] ?? '∅')))
          .send(say(yes[locale], locale))
          .assertReply((reply) => {
            assert.match(textOf(reply), /RMA-\d{6}/);
            // An exchange is confirmed as one: no refund promised.
            assert.ok(textOf(reply).startsWith(r.createdExchange.split('{{')[0] ?? ''), textOf(reply));
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
          starts(r.nothingEligible)(reply);
          assert.equal(textOf(reply).split('\n').length, 3, 'one line per item');
        })
        .send(say(openers[locale], locale)).assertReply(() => undefined)
        .send(say('100377', locale)).assertReply(() => undefined)
        .send(say('10117', locale))
        .assertReply((reply) => assert.ok(textOf(reply).includes(r.why.window.replace('{{item}}: ', ''))))
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
      .assertReply(starts(r.notAllEligible))
      .assertReply((reply) => {
        starts(r.askItem)(reply);
        assert.deepEqual(actionsOf(reply), [...items.en, r.allItems]);
      })
      .send(say('cancel', 'en')).assertReply(() => undefined)
      .send(say(openers.en, 'en')).assertReply(() => undefined)
      .send(say('100377', 'en')).assertReply(() => undefined)
      .send(say('10117', 'en'))
      .assertReply((reply) => assert.ok(textOf(reply).includes(r.why.window.replace('{{item}}: ', ''))))
      .startTest();
  });

  it('an item returned once is not offered again', async () => {
    const { adapter } = botUnderTest({ clock });
    const r = templates.en.returns;
    await adapter
      .send(say(openers.en, 'en')).assertReply(() => undefined)
      .send(say('100234', 'en')).assertReply(() => undefined)
      .send(say('anna.nowak@example.com', 'en')).assertReply(starts(r.notAllEligible)).assertReply(() => undefined)
      .send(say(r.allItems, 'en')).assertReply(() => undefined)
      .send(say('1', 'en')).assertReply(() => undefined)
      .send(say('1', 'en')).assertReply(() => undefined)
      .send(say('yes', 'en')).assertReply((reply) => assert.match(textOf(reply), /RMA-/))
      .send(say(openers.en, 'en')).assertReply(() => undefined)
      .send(say('100234', 'en')).assertReply(() => undefined)
      .send(say('anna.nowak@example.com', 'en'))
      .assertReply((reply) => {
        starts(r.nothingEligible)(reply);
        assert.ok(textOf(reply).includes('already returned'));
      })
      .startTest();
  });
});
