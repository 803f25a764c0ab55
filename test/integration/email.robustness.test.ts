import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../bots/state/fileStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createEmailChannel, emailTuning } from '../../channels/email';
import { startImapServer } from '../fakes/imapServer';
import { startSmtpRelay } from '../fakes/smtpRelay';
import { composeMail, emailEnv, MAILBOX_PASSWORD, SHOP_ADDRESS } from '../support/mailCustomer';
import { serverUnderTest } from '../support/server';

const SHOP = SHOP_ADDRESS;
const PASSWORD = MAILBOX_PASSWORD;
const ANNA = 'anna.nowak@example.com';
const clock = () => new Date('2026-11-22T09:00:00Z');
const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));

type Imap = Awaited<ReturnType<typeof startImapServer>>;
type Relay = Awaited<ReturnType<typeof startSmtpRelay>>;

describe('Email channel: restarts and bad mail', function () {
  this.timeout(30_000);
  let imap: Imap;
  let relay: Relay;
  beforeEach(async () => {
    imap = await startImapServer({ [SHOP]: PASSWORD });
    relay = await startSmtpRelay(SHOP, PASSWORD);
  });
  afterEach(async () => {
    await relay.stop();
    await imap.stop();
  });

  it('a restart neither repeats answered mail nor skips mail that arrived while it was down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-email-restart-'));
    try {
      let running = await serverUnderTest(emailEnv(imap, relay), new FileStore(dir), [createEmailChannel], clock);
      await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Hours', text: 'When are you open on Saturday?' }));
      await relay.waitFor(1);
      await running.stop();
      // Arrives while the bot is down; also mark the answered mail unseen again, as a mail client might.
      await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Gift cards', text: 'Do you sell gift cards?' }));
      const client = await imap.connect(SHOP);
      await client.mailboxOpen('INBOX');
      await client.messageFlagsRemove('1', ['\\Seen'], { uid: true });
      await client.logout();
      running = await serverUnderTest(emailEnv(imap, relay), new FileStore(dir), [createEmailChannel], clock);
      const mails = await relay.waitFor(2);
      await settle();
      await running.stop();
      assert.equal(relay.received.length, 2, 'one reply per mail across the restart');
      assert.equal(mails[1]?.subject, 'Re: Gift cards');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reconnects after the IMAP server went away and picks up the mail that arrived meanwhile', async () => {
    const running = await serverUnderTest(emailEnv(imap, relay), new MemoryStore(), [createEmailChannel], clock);
    try {
      await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Hours', text: 'When are you open on Saturday?' }));
      await relay.waitFor(1);
      await imap.restart();
      await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Gift cards', text: 'Do you sell gift cards?' }));
      const mails = await relay.waitFor(2, 15_000);
      assert.equal(mails[1]?.subject, 'Re: Gift cards');
    } finally {
      await running.stop();
    }
  });

  describe('bad mail', () => {
    let running: Awaited<ReturnType<typeof serverUnderTest>>;
    beforeEach(async () => {
      running = await serverUnderTest(emailEnv(imap, relay), new MemoryStore(), [createEmailChannel], clock);
    });
    afterEach(async () => {
      emailTuning.maxMessageBytes = 10 * 1024 * 1024;
      await running.stop();
    });

    it('skips mail without a sender and broken MIME without stopping, and answers the next mail', async () => {
      await imap.deliver(SHOP, 'this is not a mail at all\r\n\u0000\u0001\r\n');
      await imap.deliver(SHOP, `Subject: nobody wrote this\r\nMessage-ID: <x1@nowhere.test>\r\n\r\nHello?\r\n`);
      await imap.deliver(SHOP, `From: ${ANNA}\r\nSubject: broken\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\nContent-Type: text/plain\r\n\r\nWhen are you open on Saturday?\r\n`);
      await imap.deliver(SHOP, await composeMail({ from: 'eve@example.com', to: SHOP, subject: 'Gift cards', text: 'Do you sell gift cards?' }));
      await relay.waitFor(2);
      await settle();
      const recipients = relay.received.map((r) => (r.mail.to && 'value' in r.mail.to ? r.mail.to.value[0]?.address : ''));
      assert.deepEqual(recipients, [ANNA, 'eve@example.com'], 'the sender-less mail is not answered; the unterminated multipart is');
      assert.match(relay.received[0]?.mail.text ?? '', /Saturday 10:00–16:00/);
    });

    it('answers a mail without Message-ID once, even when it is delivered twice', async () => {
      const raw = `From: ${ANNA}\r\nTo: ${SHOP}\r\nSubject: Hours\r\nDate: Sun, 22 Nov 2026 09:00:00 +0000\r\n\r\nWhen are you open on Saturday?\r\n`;
      await imap.deliver(SHOP, raw);
      await relay.waitFor(1);
      await imap.deliver(SHOP, raw);
      await settle(800);
      assert.equal(relay.received.length, 1);
      assert.match(relay.received[0]?.mail.messageId ?? '', /^<[0-9a-f]{32}@example\.test>$/);
    });

    it('reads HTML-only mail and non-UTF-8 charsets, and escapes what it echoes', async () => {
      await imap.deliver(SHOP, await composeMail({ from: `"<script>x</script>" <${ANNA}>`, to: SHOP, subject: 'Hours', html: '<p>When are you <b>open</b> on <i>Saturday</i>?</p>' }));
      const polish = Buffer.concat([
        Buffer.from(`From: jan.kowalski@example.pl\r\nTo: ${SHOP}\r\nSubject: Pytanie\r\nMessage-ID: <pl-1@example.pl>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-2\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`),
        // "W jakich godzinach jesteście otwarci w sobotę?" in ISO-8859-2 (ś = 0xB6, ę = 0xEA).
        Buffer.from([...Buffer.from('W jakich godzinach jeste'), 0xb6, ...Buffer.from('cie otwarci w sobot'), 0xea, ...Buffer.from('?\r\n')]),
      ]);
      await imap.deliver(SHOP, polish);
      const [english, polishReply] = await relay.waitFor(2);
      assert.match(english?.text ?? '', /Saturday 10:00–16:00/);
      assert.doesNotMatch(english?.html || '', /<script>/);
      assert.match(polishReply?.text ?? '', /sobotę 10:00–16:00/);
    });

    it('answers an oversized mail with a notice instead of reading it', async () => {
      emailTuning.maxMessageBytes = 50_000;
      await running.stop();
      running = await serverUnderTest(emailEnv(imap, relay), new MemoryStore(), [createEmailChannel], clock);
      await imap.deliver(SHOP, await composeMail({ from: ANNA, to: SHOP, subject: 'Photos', text: 'See the attached photos.', attachments: [{ filename: 'big.bin', content: Buffer.alloc(120_000, 7) }] }));
      const [notice] = await relay.waitFor(1);
      assert.equal(notice?.subject, 'Re: Photos');
      assert.match(notice?.text ?? '', /^Your e-mail \(\d+ KB\) is over our 49 KB limit/);
    });
  });
});
