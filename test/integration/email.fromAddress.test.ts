import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createEmailChannel } from '../../channels/email';
import { startImapServer } from '../fakes/imapServer';
import { startSmtpRelay } from '../fakes/smtpRelay';
import { composeMail, emailEnv, MAILBOX_PASSWORD, SHOP_ADDRESS } from '../support/mailCustomer';
import { serverUnderTest } from '../support/server';

const ANNA = 'anna.nowak@example.com';
const clock = () => new Date('2026-11-22T09:00:00Z');
const settle = (ms = 500) => new Promise((resolve) => setTimeout(resolve, ms));

type Imap = Awaited<ReturnType<typeof startImapServer>>;
type Relay = Awaited<ReturnType<typeof startSmtpRelay>>;

// EMAIL_FROM in the usual "Name <address>" form: the relay must get the bare address as the
// envelope sender, or it refuses every reply (501) and they all end up as dead letters.
describe('Email channel with EMAIL_FROM="Shop Support <address>"', function () {
  this.timeout(30_000);
  let imap: Imap;
  let relay: Relay;
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  beforeEach(async () => {
    imap = await startImapServer({ [SHOP_ADDRESS]: MAILBOX_PASSWORD });
    relay = await startSmtpRelay(SHOP_ADDRESS, MAILBOX_PASSWORD);
    running = await serverUnderTest({ ...emailEnv(imap, relay), EMAIL_FROM: `Shop Support <${SHOP_ADDRESS}>` }, new MemoryStore(), [createEmailChannel], clock);
  });
  afterEach(async () => {
    await running.stop();
    await relay.stop();
    await imap.stop();
  });

  it('the relay accepts the reply: envelope MAIL FROM is the bare address, the From header carries the name', async () => {
    await imap.deliver(SHOP_ADDRESS, await composeMail({ from: ANNA, to: SHOP_ADDRESS, subject: 'Hours', text: 'What are your opening hours?' }));
    const [reply] = await relay.waitFor(1);
    const accepted = relay.received[0];
    assert.equal(accepted?.envelope.mailFrom, SHOP_ADDRESS);
    assert.deepEqual(accepted?.envelope.rcptTo, [ANNA]);
    assert.deepEqual(reply?.from?.value, [{ name: 'Shop Support', address: SHOP_ADDRESS }]);
    assert.match(reply?.messageId ?? '', /^<[0-9a-f]+@example\.test>$/, 'Message-ID in the shop\'s own domain');
    const dead = (await running.storage.read(['email/dead']))['email/dead'] as { ids: string[] } | undefined;
    assert.equal(dead?.ids.length ?? 0, 0, 'no dead letters');
  });

  it('does not answer mail from its own address, whatever display name or case it comes with', async () => {
    for (const from of [`Shop Support <${SHOP_ADDRESS}>`, SHOP_ADDRESS.toUpperCase(), `Someone Else <${SHOP_ADDRESS}>`]) {
      await imap.deliver(SHOP_ADDRESS, await composeMail({ from, to: SHOP_ADDRESS, subject: 'Re: Hours', text: 'We are open from 9 to 18.' }));
    }
    await imap.deliver(SHOP_ADDRESS, await composeMail({ from: ANNA, to: SHOP_ADDRESS, subject: 'Gift cards', text: 'Do you sell gift cards?' }));
    await relay.waitFor(1);
    await settle();
    assert.deepEqual(relay.received.map((r) => r.envelope.rcptTo), [[ANNA]], 'only the customer got an answer');
  });
});
