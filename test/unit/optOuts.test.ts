import assert from 'node:assert/strict';
import { renderEmail } from '../../channels/email/renderer';
import { isBareStop, optOutRequest } from '../../dialogs/optOutRequest';
import { markUnsubscribable, UnsubscribeLinks } from '../../dialogs/unsubscribe';

describe('Asking the bot to stop writing first, as customers type it', () => {
  const cases: [string, ReturnType<typeof optOutRequest>][] = [
    ['unsubscribe', { kind: 'optOut' }],
    ['Unsubscribe me please!', { kind: 'optOut' }],
    ['unsubscribe me from the newsletter', { kind: 'optOut', topic: 'marketing' }],
    ['stop sending me offers', { kind: 'optOut', topic: 'marketing' }],
    ['no more reminders pls', { kind: 'optOut', topic: 'reminders' }],
    ['dont send me order updates', { kind: 'optOut', topic: 'orders' }],
    ['abmelden', { kind: 'optOut' }],
    ['keine angebote mehr bitte', { kind: 'optOut', topic: 'marketing' }],
    ['Keine Erinnerungen mehr', { kind: 'optOut', topic: 'reminders' }],
    ['newsletter abbestellen', { kind: 'optOut', topic: 'marketing' }],
    ['wypisz', { kind: 'optOut' }],
    ['Wypisz mnie z powiadomień o zamówieniach', { kind: 'optOut', topic: 'orders' }],
    ['nie wysylaj mi wiecej ofert', { kind: 'optOut', topic: 'marketing' }],
    ['rezygnuje z przypomnien', { kind: 'optOut', topic: 'reminders' }],
    ['subscribe again please', { kind: 'optIn' }],
    ['start sending offers again', { kind: 'optIn', topic: 'marketing' }],
    ['wieder anmelden', { kind: 'optIn' }],
    ['zapisz mnie ponownie', { kind: 'optIn' }],
    // Not about the bot's messages: left to the dialogs and the FAQ.
    ['stop', undefined],
    ['stop the booking', undefined],
    ['can i unsubscribe from the newsletter on your website?', undefined],
    ['ich moechte mich fuer einen termin anmelden', undefined],
    ['anmelden', undefined],
    ['wypisz mi fakture', undefined],
    ["don't send me any more offers", { kind: 'optOut', topic: 'marketing' }],
    ['opt-out', { kind: 'optOut' }],
    ['ich möchte mich abmelden', { kind: 'optOut' }],
    ['keine mails mehr', { kind: 'optOut' }],
    ['nie chce wiecej ofert', { kind: 'optOut', topic: 'marketing' }],
    ['start sending reminders again', { kind: 'optIn', topic: 'reminders' }],
    ['erinnerungen wieder', { kind: 'optIn', topic: 'reminders' }],
    ['włącz przypomnienia', { kind: 'optIn', topic: 'reminders' }],
    // Requests about a parcel, an invoice or an appointment, which only sound like opt-outs.
    ['Stop sending the parcel to my old address', undefined],
    ['no more emails about this order, just tell me where it is', undefined],
    ['Nie wysyłajcie paczki na stary adres', undefined],
    ['Nie wysyłaj jeszcze zamówienia, zmieniam adres', undefined],
    ['nie przysyłajcie faktury papierowej', undefined],
    ['Abmelden von meinem Termin morgen', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`"${text}" → ${expected ? `${expected.kind}${'topic' in expected && expected.topic ? ` ${expected.topic}` : ''}` : 'not a request about messages'}`, () => assert.deepEqual(optOutRequest(text), expected));
  }
  it('a bare "stop" is told apart (it opts out only right after a message sent unasked)', () => {
    assert.deepEqual(['stop', 'Stopp!', 'stop it', 'stop please', 'stop the booking'].map(isBareStop), [true, true, true, true, false]);
  });
});

describe('One-click unsubscribe links (RFC 8058)', () => {
  const links = new UnsubscribeLinks('https://bot.example/', 'shop-events-secret-0123456789');
  it('name the customer and topic, signed; a changed or foreign token is refused', () => {
    const url = links.linkFor('email/users/anna@example.com', 'marketing', 'pl');
    assert.ok(url?.startsWith('https://bot.example/api/unsubscribe?token='), url);
    const token = new URL(url ?? '').searchParams.get('token') ?? '';
    assert.deepEqual(links.read(token), { customerKey: 'email/users/anna@example.com', topic: 'marketing', locale: 'pl' });
    const [body, signature] = token.split('.');
    const otherBody = Buffer.from(JSON.stringify({ c: 'email/users/eve@example.com', t: 'marketing' })).toString('base64url');
    assert.equal(links.read(`${otherBody}.${signature}`), undefined);
    assert.equal(links.read(`${body}.${signature?.slice(0, -1)}`), undefined);
    assert.equal(new UnsubscribeLinks('https://bot.example', 'another-secret-000000000000').read(token), undefined);
    assert.equal(links.read('not-a-token'), undefined);
  });
  it('are not made without PUBLIC_URL or a secret', () => {
    assert.equal(new UnsubscribeLinks(undefined, 'shop-events-secret-0123456789').linkFor('k', 'marketing', 'en'), undefined);
    assert.equal(new UnsubscribeLinks('https://bot.example', undefined).linkFor('k', 'marketing', 'en'), undefined);
  });
  it('an e-mail of a marked message shows the link in its language and hands it to the List-Unsubscribe header', () => {
    const offer = { type: 'message', text: 'Tent is back in stock.' };
    markUnsubscribable(offer, 'marketing', 'https://bot.example/api/unsubscribe?token=a.b');
    const mail = renderEmail([offer], 'de');
    assert.equal(mail.unsubscribeUrl, 'https://bot.example/api/unsubscribe?token=a.b');
    assert.equal(mail.text, 'Tent is back in stock.\n\nAbmelden: https://bot.example/api/unsubscribe?token=a.b\n');
    assert.match(mail.html, /<a href="https:\/\/bot\.example\/api\/unsubscribe\?token=a\.b">Abmelden<\/a>/);
    assert.equal(renderEmail([{ type: 'message', text: 'Your order shipped.' }], 'en').unsubscribeUrl, undefined);
  });
});

describe('Opting out as the second customer typed it (helper review, 2026-12-04)', () => {
  const out = [
    'i want to unsubscribe', 'stop sending me promotional emails', 'unsubscribe me from marketing emails', 'dont message me anymore', 'can i unsubscribe?', 'opt me out of marketing',
    'schreibt mir nicht mehr', 'bitte keine werbemails mehr', 'hoert auf mir nachrichten zu schicken', 'keine updates mehr zu meiner bestellung bitte', 'wie kann ich mich vom newsletter abmelden?',
    'chce sie wypisac', 'przestancie do mnie pisac', 'nie chcę już żadnych ofert', 'jak sie wypisac z newslettera?', 'wypisz mnie z listy mailingowej', 'rezygnuje z subskrypcji', 'nie piszcie do mnie wiecej',
  ];
  for (const text of out) it(`"${text}" opts out`, () => assert.equal(optOutRequest(text)?.kind, 'optOut'));
  const back = ['ich moechte doch wieder nachrichten bekommen', 'you can message me again', 'turn notifications back on', 'chce znowu dostawac wiadomosci', 'actually i changed my mind, send me emails again'];
  for (const text of back) it(`"${text}" opts back in`, () => assert.equal(optOutRequest(text)?.kind, 'optIn'));
  it('the topic is read from the words: "keine updates mehr zu meiner bestellung" is order news', () => assert.deepEqual(optOutRequest('keine updates mehr zu meiner bestellung bitte'), { kind: 'optOut', topic: 'orders' }));
});
