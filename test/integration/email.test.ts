import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createEmailChannel } from '../../channels/email';
import { templates } from '../../dialogs/locales';
import { startImapServer } from '../fakes/imapServer';
import { startSmtpRelay } from '../fakes/smtpRelay';
import { OutageStore } from '../support/outageStore';
import { composeMail, emailEnv, MAILBOX_PASSWORD, replyTo, SHOP_ADDRESS } from '../support/mailCustomer';
import { serverUnderTest } from '../support/server';

const SHOP = SHOP_ADDRESS;
const PASSWORD = MAILBOX_PASSWORD;
const ANNA = 'anna.nowak@example.com';
const clock = () => new Date('2026-11-22T09:00:00Z');

type Imap = Awaited<ReturnType<typeof startImapServer>>;
type Relay = Awaited<ReturnType<typeof startSmtpRelay>>;


const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const bodyOf = (mail: ParsedMail | undefined) => mail?.text ?? '';

describe('Email channel against dovecot (IMAP) and an SMTP relay', function () {
  this.timeout(30_000);
  let imap: Imap;
  let relay: Relay;
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  beforeEach(async () => {
    imap = await startImapServer({ [SHOP]: PASSWORD });
    relay = await startSmtpRelay(SHOP, PASSWORD);
    running = await serverUnderTest(emailEnv(imap, relay), new MemoryStore(), [createEmailChannel], clock);
  });
  afterEach(async () => {
    await running.stop();
    await relay.stop();
    await imap.stop();
  });

  it('runs a whole return by e-mail, options chosen by number, every reply in the same thread', async () => {
    await imap.deliver(SHOP, await composeMail({ from: `Anna Nowak <${ANNA}>`, to: SHOP, subject: 'Return', text: 'Hello, I want to return an item.' }));
    let mails = await relay.waitFor(1);
    const first = mails[0];
    assert.equal(first?.subject, 'Re: Return');
    assert.match(bodyOf(first), literal(templates.en.returns.askOrder));
    assert.ok(first?.html, 'an HTML part');
    assert.equal(first?.headers.get('auto-submitted'), 'auto-replied');
    const steps: [string, RegExp][] = [
      ['100234', literal(templates.en.returns.askProof)],
      [ANNA, /1\. Rain jacket, size M\n2\. Hiking boots, size 41\n3\. All of them\n\nReply with 1, 2, or 3\./],
      ['2.', /Why would you like to return "Hiking boots, size 41"\?[\s\S]*1\. Doesn't fit/],
      ['1', /refund or an exchange\?[\s\S]*2\. Exchange/],
      ['2', /Shall I start the return of "Hiking boots, size 41"\? You chose: Exchange\./],
      ['1', /Your return number is RMA-/],
    ];
    let last = first;
    for (const [answer, expected] of steps) {
      await imap.deliver(SHOP, await replyTo(last as ParsedMail, `Anna Nowak <${ANNA}>`, answer));
      mails = await relay.waitFor(mails.length + 1);
      const reply = mails.at(-1) as ParsedMail;
      assert.match(bodyOf(reply), expected, `after "${answer}"`);
      assert.equal(reply.subject, 'Re: Return');
      assert.ok(reply.inReplyTo?.startsWith('<customer-'), 'answers the customer\'s mail');
      const refs = Array.isArray(reply.references) ? reply.references : [reply.references];
      assert.ok(refs.includes(first?.messageId ?? ''), 'References reach back to the first reply');
      last = reply;
    }
    assert.equal(relay.received.length, 7, 'one e-mail per customer mail');
  });

  it('threads a mail without In-Reply-To by sender and subject, and a forged In-Reply-To does not join another customer\'s thread', async () => {
    await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Return please', text: 'I want to return my order, please help.' }));
    const [toAnna] = await relay.waitFor(1);
    // Anna writes again in a fresh mail (no thread headers) with the same subject: same conversation.
    await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'RE: Return please', text: '100234' }));
    const second = (await relay.waitFor(2))[1];
    assert.match(bodyOf(second), literal(templates.en.returns.askProof), 'the order number answered the open question');
    // Mallory replies to Anna's thread with Anna's proof: she must not see Anna's order.
    await imap.deliver(SHOP, await replyTo(second as ParsedMail, 'mallory@evil.test', ANNA));
    const toMallory = (await relay.waitFor(3))[2];
    assert.equal(toMallory?.to && 'value' in toMallory.to ? toMallory.to.value[0]?.address : undefined, 'mallory@evil.test');
    assert.doesNotMatch(bodyOf(toMallory), /Rain jacket|Hiking boots/);
    const refs = Array.isArray(toMallory?.references) ? toMallory.references : [toMallory?.references];
    assert.ok(!refs.includes(toAnna?.messageId), 'Mallory\'s reply is not threaded under Anna\'s conversation');
    // Anna's conversation is still waiting for her proof.
    await imap.deliver(SHOP, await replyTo(second as ParsedMail, ANNA, ANNA));
    assert.match(bodyOf((await relay.waitFor(4))[3]), /Rain jacket/);
  });

  it('never answers auto-replies, bounces, list mail or its own address (no mail loops)', async () => {
    const silent = [
      { from: 'out-of-office@customer.test', headers: { 'Auto-Submitted': 'auto-replied' } },
      { from: 'news@list.test', headers: { 'List-Id': '<news.list.test>' } },
      { from: 'bulk@customer.test', headers: { Precedence: 'bulk' } },
      { from: 'MAILER-DAEMON@mx.test', headers: {} },
      { from: SHOP, headers: {} },
    ];
    for (const mail of silent) await imap.deliver(SHOP, await composeMail({ ...mail, to: SHOP, subject: 'Automatic reply: Return', text: 'I am out of the office until Monday.' }));
    await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Opening hours', text: 'When are you open on Saturday?' }));
    const mails = await relay.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(relay.received.map((r) => r.mail.to && 'value' in r.mail.to ? r.mail.to.value[0]?.address : undefined), [ANNA]);
    assert.equal(mails[0]?.to && 'value' in mails[0].to ? mails[0].to.value[0]?.address : undefined, ANNA);
  });

  it('an SMTP outage loses nothing: the reply is retried with the same Message-ID and delivered once', async () => {
    relay.failWith(451);
    await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Hours', text: 'What are your opening hours?' }));
    const deadline = Date.now() + 10_000;
    while (relay.refused.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(relay.refused.length >= 2, 'the reply is tried again while the relay refuses it');
    assert.equal(new Set(relay.refused.map((r) => r.messageId)).size, 1, 'every attempt carries the same Message-ID');
    assert.equal(relay.received.length, 0);
    relay.failWith(undefined);
    const [delivered] = await relay.waitFor(1);
    assert.equal(delivered?.messageId, relay.refused[0]?.messageId);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(relay.received.length, 1, 'exactly one delivery');
  });

  it('a permanent rejection becomes a dead letter instead of being retried forever', async () => {
    relay.failWith(550);
    await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Hours', text: 'What are your opening hours?' }));
    const deadline = Date.now() + 10_000;
    let dead: Awaited<ReturnType<typeof running.app.pipeline.retryIndex.deadLetters>> = [];
    while (dead.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      dead = await running.app.pipeline.retryIndex.deadLetters();
    }
    assert.equal(dead.length, 1);
    assert.equal(dead[0]?.attempts, 1, 'a 5xx is not retried');
    assert.match(dead[0]?.error ?? '', /Mailbox unavailable/);
    assert.equal(relay.refused.length, 1);
    relay.failWith(undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(relay.received.length, 0);
  });

  it('the same Message-ID delivered twice is answered once; the flag and checkpoint are set', async () => {
    const raw = await composeMail({ from: ANNA, to: SHOP, subject: 'Hours', text: 'What are your opening hours?', messageId: '<dup-1@customer.test>' });
    await imap.deliver(SHOP, raw);
    await relay.waitFor(1);
    await imap.deliver(SHOP, raw);
    await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Gift cards', text: 'Do you sell gift cards?' }));
    await relay.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(relay.received.length, 2);
    const client = await imap.connect(SHOP);
    await client.mailboxOpen('INBOX');
    const unseen = await client.search({ seen: false }, { uid: true });
    await client.logout();
    assert.deepEqual(unseen, [], 'every processed mail is flagged \\Seen');
  });
  it('a store outage is not the mail\'s fault: a mail that met it four times is answered once the store is back', async () => {
    await running.stop();
    const store = new OutageStore();
    store.downFor = (key) => key.startsWith('email/conversations/');
    running = await serverUnderTest(emailEnv(imap, relay), store, [createEmailChannel], clock);
    store.down = true;
    await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Hours', text: 'What are your opening hours?' }));
    // Each new mail makes the mailbox sync again, and each sync tries the first mail again.
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const before = store.refused;
      if (attempt > 1) await imap.deliver(SHOP, await composeMail({ from: `kick${attempt}@example.com`, to: SHOP, subject: 'Gift cards', text: 'Do you sell gift cards?' }));
      while (store.refused === before) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    store.down = false;
    await imap.deliver(SHOP, await composeMail({ from: 'kick5@example.com', to: SHOP, subject: 'Gift cards', text: 'Do you sell gift cards?' }));
    const mails = await relay.waitFor(5);
    const toAnna = mails.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text.includes(ANNA));
    assert.equal(toAnna.length, 1);
    assert.equal(toAnna[0]?.subject, 'Re: Hours');
  });
});
