import assert from 'node:assert/strict';
import { loadConfig } from '../../bots/config';
import { quietUntil } from '../../dialogs/quietHours';
import { signatureHeader, signatureOf, signatureProblem } from '../../bots/http/signature';
import { eventMessage } from '../../dialogs/shopEvents/eventMessage';
import { shopEventSchema, type ShopEvent } from '../../dialogs/shopEvents/eventTypes';

const SECRET = 'shop-events-secret-0123456789';
const NOW = 1_796_000_000;
const raw = Buffer.from('{"id":"evt-1"}');

describe('Switchboard-Signature (HMAC-SHA256 over "<t>.<raw body>")', () => {
  const cases: [string, string | undefined, ReturnType<typeof signatureProblem>][] = [
    ['signed now', signatureHeader(raw, SECRET, NOW), undefined],
    ['signed 300 s ago (the edge of the tolerance)', signatureHeader(raw, SECRET, NOW - 300), undefined],
    ['signed 301 s ago', signatureHeader(raw, SECRET, NOW - 301), 'expired'],
    ['signed 301 s ahead', signatureHeader(raw, SECRET, NOW + 301), 'expired'],
    ['upper-case hex', `t=${NOW},v1=${signatureOf(raw, SECRET, NOW).toUpperCase()}`, undefined],
    ['a sender rotating its secret signs twice; one matches', `t=${NOW},v1=${signatureOf(raw, 'the-old-secret-000000000000', NOW)},v1=${signatureOf(raw, SECRET, NOW)}`, undefined],
    ['spaces after the commas', `t=${NOW}, v1=${signatureOf(raw, SECRET, NOW)}`, undefined],
    ['no header', undefined, 'missing'],
    ['an empty header', '', 'missing'],
    ['v0 only', `t=${NOW},v0=${signatureOf(raw, SECRET, NOW)}`, 'malformed'],
    ['a short v1', `t=${NOW},v1=abc`, 'malformed'],
    ['a part with two equals signs', `t=${NOW},v1=${signatureOf(raw, SECRET, NOW)}=`, 'malformed'],
    ['the signature of another secret', signatureHeader(raw, 'another-secret-000000000000', NOW), 'mismatch'],
    ['the signature of another body', signatureHeader(Buffer.from('{"id":"evt-2"}'), SECRET, NOW), 'mismatch'],
  ];
  for (const [name, header, problem] of cases) {
    it(`${name}: ${problem ?? 'good'}`, () => assert.equal(signatureProblem(header, raw, SECRET, NOW), problem));
  }
});

const event = (body: unknown): ShopEvent => shopEventSchema.parse(body);

describe('What a shop event says, per locale', () => {
  const shipped = event({ id: 'e1', type: 'order_shipped', customer: { orderNumber: '100234' }, data: { orderNumber: '100234', carrier: 'InPost', trackingUrl: 'https://inpost.example/t/1', expectedDelivery: '2026-12-08' } });
  it('shipped, without a name: greeted without one, and every detail the shop sent', () => {
    assert.equal(eventMessage(shipped, 'en', undefined), 'Hello!\nGood news: your order 100234 has shipped with InPost.\nExpected delivery: Tue, Dec 8\nTrack it here: https://inpost.example/t/1');
    assert.equal(eventMessage(shipped, 'pl', 'Anna'), 'Dzień dobry Anna!\nDobra wiadomość: zamówienie 100234 zostało wysłane przez InPost.\nPrzewidywana dostawa: wt., 8 gru\nŚledź przesyłkę: https://inpost.example/t/1');
  });
  it('shipped with only the order number: no empty carrier, date or link lines', () => {
    const bare = event({ id: 'e2', type: 'order_shipped', customer: { orderNumber: '1' }, data: { orderNumber: '1' } });
    assert.equal(eventMessage(bare, 'de', 'Max'), 'Hallo Max!\nGute Nachricht: Ihre Bestellung 1 ist verschickt.');
  });
  it('delayed, with the new date, and what to do about it', () => {
    const delayed = event({ id: 'e3', type: 'delivery_delayed', customer: { orderNumber: '1' }, data: { orderNumber: '1', expectedDelivery: '2026-12-15' } });
    assert.equal(eventMessage(delayed, 'de', undefined), 'Hallo!\nEs tut mir leid, Ihre Bestellung 1 verspätet sich.\nSie sollte jetzt bis Di., 15. Dez. ankommen.\nSchreiben Sie hier, wenn Sie dazu eine Frage haben.');
  });
  it('an abandoned cart lists its items', () => {
    const cart = event({ id: 'e4', type: 'cart_abandoned', customer: { bookingCode: 'K7QX2M' }, data: { items: ['Rain jacket', 'Wool socks'], url: 'https://shop.example/cart' } });
    assert.equal(eventMessage(cart, 'en', 'Jonas'), 'Hello Jonas!\nYou left something in your cart:\n• Rain jacket\n• Wool socks\nPick up where you left off: https://shop.example/cart');
  });
  it('the shop\'s text is taken as text: a name or product with markup stays as typed (renderers escape it per platform)', () => {
    const stock = event({ id: 'e5', type: 'back_in_stock', customer: { orderNumber: '1', name: '<b>Eve</b>' }, data: { product: 'Tent {{secret}}' } });
    assert.equal(eventMessage(stock, 'en', stock.customer.name), 'Hello <b>Eve</b>!\nTent {{secret}} is back in stock.');
  });
});

describe('Quiet hours (QUIET_HOURS, on the shop\'s clock)', () => {
  const berlin = 'Europe/Berlin';
  const night = loadConfig({ STORAGE: 'memory' }).env.QUIET_HOURS;
  const at = (iso: string) => Date.parse(iso);
  const cases: [string, string, string | undefined][] = [
    ['20:59 in Berlin is not quiet', '2026-12-03T19:59:00Z', undefined],
    ['21:00 is, until 08:00 the next morning', '2026-12-03T20:00:00Z', '2026-12-04T07:00:00.000Z'],
    ['23:30 is, until the next morning', '2026-12-03T22:30:00Z', '2026-12-04T07:00:00.000Z'],
    ['03:00 is, until the same morning', '2026-12-04T02:00:00Z', '2026-12-04T07:00:00.000Z'],
    ['08:00 is not', '2026-12-04T07:00:00Z', undefined],
    ['the night the clocks go back: 08:00 summer time is 07:00 UTC, winter time 08:00 is 07:00 UTC', '2026-10-24T22:00:00Z', '2026-10-25T07:00:00.000Z'],
  ];
  for (const [name, when, until] of cases) {
    it(name, () => assert.equal(((ends) => (ends === undefined ? undefined : new Date(ends).toISOString()))(quietUntil(at(when), night, berlin)), until));
  }
  it('an end inside the hour the clocks go back: the second 02:30 (01:30 UTC), not the first one already past', () => {
    const early = loadConfig({ STORAGE: 'memory', QUIET_HOURS: '21:00-02:30' }).env.QUIET_HOURS;
    // 02:15 CET, the second time 02:15 comes that night (01:15 UTC); the first 02:30 (CEST) was 00:30 UTC.
    assert.equal(new Date(quietUntil(at('2026-10-25T01:15:00Z'), early, berlin) ?? 0).toISOString(), '2026-10-25T01:30:00.000Z');
  });
  it('a window within one day (a lunch break) and "off"', () => {
    const lunch = loadConfig({ STORAGE: 'memory', QUIET_HOURS: '12:00-13:30' }).env.QUIET_HOURS;
    assert.equal(quietUntil(at('2026-12-04T11:15:00Z'), lunch, berlin), at('2026-12-04T12:30:00Z'));
    assert.equal(quietUntil(at('2026-12-04T12:30:00Z'), lunch, berlin), undefined);
    assert.equal(loadConfig({ STORAGE: 'memory', QUIET_HOURS: 'off' }).env.QUIET_HOURS, undefined);
  });
  for (const bad of ['21-08', '21:00', '21:00-21:00', '25:00-08:00', '21:00-08:00-09:00']) {
    it(`"${bad}" is refused at start with what to write`, () => assert.throws(() => loadConfig({ STORAGE: 'memory', QUIET_HOURS: bad }), /QUIET_HOURS.*21:00-08:00/s));
  }
});
