import assert from 'node:assert/strict';
import { handoverReason, wantsPerson } from '../../dialogs/handover/handoverRequest';
import { requestedLocale } from '../../dialogs/languageSwitch';
import { KeywordRecognizer } from '../../dialogs/nlu/keywordRecognizer';
import { withoutLeadIn } from '../../dialogs/smallTalk';

const supported = ['en', 'de', 'pl'] as const;

describe('what interrupts a question', () => {
  const switches: [string, string | undefined][] = [
    ['auf deutsch bitte', 'de'], ['Deutsch', 'de'], ['can we speak german please', 'de'], ['mow po polsku', 'pl'], ['mów po polsku', 'pl'],
    ['po polsku prosze', 'pl'], ['moment, mozemy po polsku?', 'pl'], ['in english please', 'en'], ['auf Englisch', 'en'],
    ['mozemy rozmawiac po polsku?', 'pl'], ['czy mozemy porozmawiac po polsku', 'pl'], ['koennen wir deutsch reden', 'de'], ['ich moechte lieber deutsch', 'de'],
    ['do you ship to germany', undefined], ['ich spreche deutsch und brauche hilfe', undefined], ['polish or german', undefined],
  ];
  for (const [text, locale] of switches) {
    it(`"${text}" → ${locale ?? 'no language change'}`, () => assert.equal(requestedLocale(text, supported), locale));
  }

  it('a request for a person keeps the reason given with it', () => {
    assert.equal(handoverReason('i want a person, my invoice is wrong'), 'my invoice is wrong');
    assert.equal(handoverReason('ich moechte bitte mit einem mitarbeiter reden, auf meiner rechnung steht der falsche betrag'), 'auf meiner rechnung steht der falsche betrag');
    assert.equal(handoverReason('chcę rozmawiać z konsultantem, bo faktura jest zła'), 'faktura jest zła');
    assert.equal(handoverReason('i want to talk to a person'), undefined);
    assert.equal(wantsPerson('i want to talk to a person'), true);
    assert.equal(wantsPerson('the person at the store was rude'), false);
  });

  it('a command at the end of a longer message, or with courtesy words, is still the command', async () => {
    const keywords = new KeywordRecognizer();
    assert.equal((await keywords.recognize('actually forget it, cancel', 'en')).intent, 'cancel');
    assert.equal((await keywords.recognize('bitte abbrechen', 'de')).intent, 'cancel');
    assert.equal((await keywords.recognize('anuluj prosze', 'pl')).intent, 'cancel');
    assert.equal((await keywords.recognize('the cancel button does not work', 'en')).intent, 'none');
  });

  it('lead-ins are taken off before the NLU reads a new request', () => {
    assert.equal(withoutLeadIn('ok and can i book a fitting'), 'can i book a fitting');
    assert.equal(withoutLeadIn('wait, i want to return something first'), 'i want to return something first');
    assert.equal(withoutLeadIn('ok a moge umowic przymiarke'), 'moge umowic przymiarke');
    assert.equal(withoutLeadIn('ok'), 'ok');
  });
});
