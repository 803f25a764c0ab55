import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { botUnderTest } from '../support/bot';
import { assertHelp } from '../support/helpText';
import { templates } from '../../dialogs/locales';

function message(text: string, locale: string, id?: string): Partial<Activity> {
  return { type: ActivityTypes.Message, text, locale, ...(id ? { id } : {}) };
}

const cases = [
  { locale: 'en', hi: 'hello', help: 'help', cancel: 'cancel' },
  { locale: 'de', hi: 'Hallo', help: 'Hilfe', cancel: 'abbrechen' },
  { locale: 'pl', hi: 'cześć', help: 'pomoc', cancel: 'anuluj' },
] as const;

describe('CustomerServiceBot through the turn pipeline', () => {
  for (const c of cases) {
    it(`answers greeting, help and cancel in ${c.locale}`, async () => {
      const { adapter } = botUnderTest();
      const strings = templates[c.locale];
      await adapter
        .send(message(c.hi, c.locale))
        .assertReply(strings.greeting.replace('{{nameSuffix}}', ''))
        .send(message(c.help, c.locale))
        .assertReply(assertHelp(c.locale))
        .send(message(c.cancel, c.locale))
        .assertReply(strings.cancel.nothing)
        .send(message('qwertyuiop', c.locale))
        .assertReply(strings.fallback.notUnderstood)
        .startTest();
    });
  }

  it('welcomes a customer who joins, once per conversation', async () => {
    const { adapter } = botUnderTest();
    const joined: Partial<Activity> = {
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'bot', name: 'Bot' }, { id: 'user1', name: 'Anna' }],
      recipient: { id: 'bot', name: 'Bot' },
      locale: 'de-DE',
    };
    await adapter
      .send(joined)
      .assertReply((reply) => assert.match(reply.text ?? '', /^Hallo Anna! Ich bin der virtuelle Assistent/))
      .send({ ...joined, id: 'reconnect' })
      .send(message('hi', 'en'))
      .assertReply(templates.en.greeting.replace('{{nameSuffix}}', ''))
      .startTest();
  });

  it('processes a redelivered activity id once', async () => {
    const { adapter, pipeline } = botUnderTest();
    await adapter.send(message('hello', 'en', 'update-1')).assertReply((reply) => assert.match(reply.text ?? '', /Hello/)).startTest();
    await adapter.send(message('hello', 'en', 'update-1')).startTest();
    assert.equal(adapter.activeQueue.length, 0, 'the duplicate produced a reply');
    assert.equal(pipeline.statefulTurn.counters.duplicates, 1);
  });

  it('falls back to the default locale for an unsupported one and remembers the customer locale', async () => {
    const { adapter } = botUnderTest();
    await adapter
      .send(message('hi', 'fr-FR'))
      .assertReply(templates.en.greeting.replace('{{nameSuffix}}', ''))
      .send(message('Hallo', 'de-AT'))
      .assertReply(templates.de.greeting.replace('{{nameSuffix}}', ''))
      // No locale on the activity (as from email): the remembered German is used.
      .send({ type: ActivityTypes.Message, text: 'Hilfe' })
      .assertReply(assertHelp('de'))
      .startTest();
  });
  it('a clear sentence in another language switches it; a booking code in an English one does not', async () => {
    const { adapter } = botUnderTest();
    // Each of these codes once made the language guess Polish or German.
    for (const code of ['wsn 4js', 'bmb wzs', 'afc mlz', 'kjj hnh']) {
      await adapter
        .send(message(`cancel my booking ${code}`, 'en-US'))
        .assertReply((reply) => assert.equal(reply.locale, 'en', reply.text))
        .send(message('cancel', 'en-US'))
        .assertReply(() => undefined)
        .startTest();
    }
    await adapter
      .send(message('dzien dobry, chcialabym sie dowiedziec ile kosztuje wysylka', 'en-US'))
      .assertReply((reply) => assert.equal(reply.locale, 'pl', reply.text))
      .startTest();
  });
});
