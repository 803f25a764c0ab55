import assert from 'node:assert/strict';
import { escape } from 'html-escaper';
import { MemoryStore } from '../../bots/state/memoryStore';
import { CustomerDirectory } from '../../dialogs/customers/customerDirectory';
import { templates } from '../../dialogs/locales';
import { composeMail, SHOP_ADDRESS } from '../support/mailCustomer';
import { ANNA, mailCorrespondent, RUN_CLOCK, startMultiChannelServer, webChatVisitor } from '../support/multiChannelRun';

type Server = Awaited<ReturnType<typeof startMultiChannelServer>>;
const fill = (template: string, vars: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => vars[name] ?? '');
const { linking, booking, customers } = templates.en;

/** The code in the last mail the relay got for `to`. */
function mailedCode(server: Server, to: string): string {
  const mail = [...server.relay.received].reverse().find((m) => m.envelope.rcptTo.includes(to));
  const code = /\b(\d{6})\b/.exec(mail?.mail.text ?? '')?.[1];
  assert.ok(code, `a code mailed to ${to}`);
  return code;
}

/** Anna books by e-mail, answering whatever the bot asks until it gives a booking code. */
async function bookByMail(server: Server): Promise<string> {
  const mail = mailCorrespondent(server, `Anna Nowak <${ANNA.email}>`, 'appointment');
  for (const answer of ['hello, can i book a consultation in krakow tomorrow at 11', 'anna nowak', ANNA.email, 'yes', 'yes']) {
    const code = /code is ([A-HJ-NP-Z2-9]{6})/.exec(await mail(answer))?.[1];
    if (code) return code;
  }
  throw new Error('the e-mail booking gave no code');
}

describe('Linking channels on proof', function () {
  this.timeout(90_000);
  let server: Server;
  beforeEach(async () => {
    server = await startMultiChannelServer(new MemoryStore());
  });
  afterEach(() => server.stop());

  it('a code mailed to the address and typed back links web chat and e-mail: the e-mail booking shows in the web chat', async () => {
    const code = await bookByMail(server);
    const web = await webChatVisitor(server);
    await web.say('hi there');
    assert.deepEqual(await web.say(`could you link my email ${ANNA.email} please`), [fill(linking.askCode, { address: ANNA.email })]);
    assert.deepEqual(await web.say('nothing yet hmm'), [linking.codeOnly]);
    const mailed = mailedCode(server, ANNA.email);
    assert.deepEqual(await web.say(`its ${mailed.slice(0, 3)} ${mailed.slice(3)}`), [fill(linking.linkedMore, { address: ANNA.email })]);
    const listed = (await web.say('what bookings do i have', 2)).join('\n');
    assert.match(listed, new RegExp(code), 'the booking made by e-mail is listed in the web chat');
    assert.ok(listed.startsWith(booking.manage.intro), listed);
    // The code is used up: typing it again in another chat links nothing.
    const directory = new CustomerDirectory(server.running.storage, RUN_CLOCK);
    const record = await directory.ofIdentity(`email/users/${ANNA.email}`);
    assert.deepEqual(record?.identities.map((i) => i.key.split('/')[0]).sort(), ['email', 'webchat']);
    web.end();
  });

  it('a web chat booking is cancelled from e-mail only by a reply to the bot\'s mail, never by a new mail in her name', async () => {
    const web = await webChatVisitor(server);
    await web.say('hi, can i book a consultation in krakow tomorrow at 11');
    await web.say('anna nowak');
    await web.say(ANNA.email, 2);
    const code = /code is ([A-HJ-NP-Z2-9]{6})/.exec((await web.say('yes that is right')).join('\n'))?.[1];
    assert.ok(code, 'the web chat booking got a code');
    await web.say(`please link my email ${ANNA.email}`);
    assert.deepEqual(await web.say(mailedCode(server, ANNA.email)), [fill(linking.linked, { address: ANNA.email })]);

    const mail = mailCorrespondent(server, `Anna Nowak <${ANNA.email}>`, 'my appointment');
    const listedByMail = await mail('hi, i need to cancel my booking');
    assert.match(listedByMail, new RegExp(code), listedByMail);
    assert.match(await mail('cancel it'), new RegExp(fill(booking.manage.confirmCancel, { code, when: '' }).slice(0, 20)));
    const count = server.relay.received.length;
    await server.imap.deliver(SHOP_ADDRESS, await composeMail({ from: `Anna Nowak <${ANNA.email}>`, to: SHOP_ADDRESS, subject: 'Re: my appointment', text: 'yes' }));
    await server.relay.waitFor(count + 1);
    assert.doesNotMatch(server.relay.received.at(-1)?.mail.text ?? '', new RegExp(fill(booking.manage.cancelled, { code })), 'a new mail with her From cancels nothing');
    assert.match(await web.say('what bookings do i have', 2).then((lines) => lines.join('\n')), new RegExp(code), 'the booking is still there');
    assert.match(await mail('yes please'), new RegExp(fill(booking.manage.cancelled, { code })));
    web.end();
  });

  it('an address typed without the code links and shows nothing; wrong codes run out', async () => {
    const code = await bookByMail(server);
    const mallory = await webChatVisitor(server);
    await mallory.say(`link my email ${ANNA.email}`);
    for (let attempt = 1; attempt <= 4; attempt += 1) assert.deepEqual(await mallory.say(`${100000 + attempt}`), [linking.wrongCode]);
    assert.deepEqual(await mallory.say('999999'), [linking.tooManyTries]);
    // Even the right code is worth nothing now.
    await mallory.say(mailedCode(server, ANNA.email));
    const listed = (await mallory.say('show me my bookings', 1)).join('\n');
    assert.doesNotMatch(listed, new RegExp(code));
    const directory = new CustomerDirectory(server.running.storage, RUN_CLOCK);
    assert.deepEqual((await directory.ofIdentity(`email/users/${ANNA.email}`))?.identities.map((i) => i.key.split('/')[0]), ['email']);
    mallory.end();
  });

  it('Telegram: her own shared contact links her phone; someone else\'s card is refused', async () => {
    const send = async (contact: Record<string, unknown>) => {
      const before = server.telegram.sent().length;
      const update = { update_id: Math.floor(Math.random() * 1e6), message: { message_id: 7, date: Math.floor(Date.now() / 1000), chat: { id: ANNA.telegramId, type: 'private' }, from: { id: ANNA.telegramId, is_bot: false, first_name: 'Anna', language_code: 'en' }, contact } };
      const res = await fetch(`${server.running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'webhook-secret-123' }, body: JSON.stringify(update) });
      assert.equal(res.status, 200);
      return String((await server.telegram.waitForSent(before + 1)).at(-1)?.payload.text ?? '');
    };
    const directory = new CustomerDirectory(server.running.storage, RUN_CLOCK);
    assert.equal(await send({ phone_number: '+48 600 100 200', first_name: 'Piotr', user_id: 5551234 }), escape(customers.phoneNotOwn));
    assert.equal(await send({ phone_number: '+48 600 100 300', first_name: 'Piotr' }), escape(customers.phoneNotOwn), 'a card of no Telegram account proves nothing either');
    assert.equal(await directory.ofContact('phone', '+48600100200'), undefined);
    assert.equal(await send({ phone_number: '+48 601 222 333', first_name: 'Anna', user_id: ANNA.telegramId }), escape(fill(customers.phoneLinked, { phone: '+48601222333' })));
    const record = await directory.ofContact('phone', '+48601222333');
    assert.deepEqual(record?.identities.map((i) => i.key), [`telegram/users/${ANNA.telegramId}`]);
    assert.equal(record.contacts[0]?.via, 'telegram-contact');
  });
});
