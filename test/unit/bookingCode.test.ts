import assert from 'node:assert/strict';
import { readBookingCode } from '../../dialogs/booking/bookingCode';
import { contactsIn, isBookingContact } from '../../dialogs/booking/bookingContact';
import { wantsExistingBookings } from '../../dialogs/booking/bookingRequest';
import { CODE_ALPHABET, drawBookingCode } from '../../dialogs/booking/bookingService';

describe('booking code reader', () => {
  const anywhere: [string, string | undefined][] = [
    ['abc 123', 'ABC123'],
    ['ABC-123', 'ABC123'],
    ['code is k7p3qx thanks', 'K7P3QX'],
    ['my booking ABC123', 'ABC123'],
    ['cancel booking abc123 please', 'ABC123'],
    ['wann ist mein termin K7P3QX', 'K7P3QX'],
    ['odwolaj wizyte ABC123', 'ABC123'],
    ['hi i booked on my phone, can i move it? k7p-3qx', 'K7P3QX'],
    ['K7P - 3QX', 'K7P3QX'],
    ['K7-P3-QX', 'K7P3QX'],
    ['k 7 p 3 q x', 'K7P3QX'],
    ['my code is kxtrpw', 'KXTRPW'],
    ['der buchungscode ist kxtrpw', 'KXTRPW'],
    ['mam kod kxtrpw', 'KXTRPW'],
    ['cancel my booking kxt rpw', 'KXTRPW'],
    ['wann ist mein termin kxtrpw', 'KXTRPW'],
    ['can i move it? its KXTRPW, anna@example.com', 'KXTRPW'],
    ['PLEASE CALL ME BACK URGENT', undefined],
    ['termin ändern bitte', undefined],
    ['can i change my booking sunday', undefined],
    // Six letters in a sentence are words, not codes.
    ['thanks', undefined],
    ['please cancel my booking', undefined],
    ['can i book a fitting on the 3rd at 10am', undefined],
    ['book me in at 10 am on friday', undefined],
    ['termin am 27.11. um 10 uhr', undefined],
    ['no not really', undefined],
    // Contacts hold letters and digits too; they are not codes.
    ['anna.k7p3qx@example.com', undefined],
    ['+48 601 234 567', undefined],
    ['my number is 0151 2345 6789', undefined],
  ];
  for (const [text, code] of anywhere) {
    it(`reads ${code ?? 'no code'} from "${text}"`, () => assert.equal(readBookingCode(text), code));
  }

  const answers: [string, string | undefined][] = [
    ['kxtrpw', 'KXTRPW'],
    ['its kxtrpw thanks', 'KXTRPW'],
    ['its h3z k9w', 'H3ZK9W'],
    ['der code ist h3z k9w', 'H3ZK9W'],
    ['kod to kxtrpw', 'KXTRPW'],
    ['KXT RPW', 'KXTRPW'],
    ['k7p3qx anna@example.com', 'K7P3QX'],
    ['thanks', undefined],
    ['wer hat das spiel gewonnen', undefined],
    // Letters outside the code alphabet (I, O) mean a word: "termin", "wizyta".
    ['termin', undefined],
  ];
  for (const [text, code] of answers) {
    it(`reads ${code ?? 'no code'} from the answer "${text}" when asked for the code`, () => assert.equal(readBookingCode(text, { expecting: true }), code));
  }

  it('reads every code the service draws, in lower case with a space in the middle, as an answer and after "my booking"', () => {
    for (let i = 0; i < 300; i += 1) {
      const code = drawBookingCode();
      assert.match(code, new RegExp(`^[${CODE_ALPHABET}]{6}$`));
      const typed = `${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`;
      assert.equal(readBookingCode(typed, { expecting: true }), code);
      assert.equal(readBookingCode(`cancel my booking ${typed}`), code);
    }
  });

  it('routes a booking message with a code to the existing bookings, in every language', () => {
    assert.equal(wantsExistingBookings('i booked a fitting on my phone, can you move it? k7p3qx', 'en'), true);
    assert.equal(wantsExistingBookings('buchung k7p 3qx', 'de'), true);
    assert.equal(wantsExistingBookings('rezerwacja k7p-3qx', 'pl'), true);
    assert.equal(wantsExistingBookings('can i book a fitting in berlin on the 3rd', 'en'), false);
  });
});

describe('booking contact match', () => {
  it('matches an e-mail address whatever its case', () => {
    assert.equal(isBookingContact('Anna.Kowalska@Example.com', contactsIn('its anna.kowalska@example.COM', 'en')), true);
    assert.equal(isBookingContact('anna@example.com', contactsIn('anna@example.org', 'en')), false);
  });

  it('matches a phone number however it is written, also in another language than the booking', () => {
    assert.equal(isBookingContact('+48601234567', contactsIn('601 234 567', 'pl')), true);
    assert.equal(isBookingContact('+48601234567', contactsIn('+48 601-234-567', 'en')), true);
    assert.equal(isBookingContact('+4915123456789', contactsIn('0151 23456789', 'en')), true);
    assert.equal(isBookingContact('+48601234567', contactsIn('601 234 568', 'pl')), false);
  });

  it('does not take a phone number for an e-mail address or the other way round', () => {
    assert.equal(isBookingContact('anna@example.com', contactsIn('+48 601 234 567', 'pl')), false);
    assert.deepEqual(contactsIn('no idea', 'en'), []);
  });
});
