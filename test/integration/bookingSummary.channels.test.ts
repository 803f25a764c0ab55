import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createAzureChannel } from '../../channels/azure';
import { createEmailChannel } from '../../channels/email';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { startFakeConnector } from '../fakes/botConnector';
import { startImapServer } from '../fakes/imapServer';
import { startSmtpRelay } from '../fakes/smtpRelay';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { composeMail, emailEnv, MAILBOX_PASSWORD, replyTo, SHOP_ADDRESS } from '../support/mailCustomer';
import { shownByHtml, shownByWebChatMarkdown } from '../support/renderedMarkup';
import { serverUnderTest } from '../support/server';

// Sunday 22 November 2026, 10:00 in Berlin: "tomorrow at 11" is a Monday with the stores open.
const clock = () => new Date('2026-11-22T09:00:00Z');
const ASK = 'i want to book a fitting in berlin tomorrow at 11';
const NAME = '[pay here](https://evil.example) <b>Eve</b> *Smith*';
const CONTACT = 'eve@example.com';
/** The summary as the customer must see it: one fact per line, the name exactly as typed. */
const SUMMARY = ['Your appointment', 'Fitting (45 min)', /^Berlin Mitte, \S/, /^Mon.*23.*11:00/, NAME, CONTACT];

function assertSummaryLines(text: string): void {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  assert.equal(lines.length, SUMMARY.length, lines.join(' | '));
  SUMMARY.forEach((expected, i) => (typeof expected === 'string' ? assert.equal(lines[i], expected) : assert.match(lines[i] ?? '', expected)));
}

describe('booking summary with a name typed as markup, shown as typed', function () {
  this.timeout(30_000);

  it('Telegram: HTML parse mode with only our bold title, the name escaped, one fact per line', async () => {
    telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };
    const token = '123456:test-token';
    const fake = await startFakeTelegramApi(token);
    const running = await serverUnderTest(
      { TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: 'secret-1', TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' },
      new MemoryStore(),
      [createTelegramChannel],
      clock,
    );
    try {
      let updateId = 7000;
      const say = async (text: string) => {
        updateId += 1;
        const update = { update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: 77, type: 'private' }, from: { id: 77, is_bot: false, first_name: 'Eve', language_code: 'en' }, text } };
        const res = await fetch(`${running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'secret-1' }, body: JSON.stringify(update) });
        assert.equal(res.status, 200);
      };
      await say(ASK);
      await fake.waitForSent(1);
      await say(NAME);
      await fake.waitForSent(2);
      await say(CONTACT);
      const sent = await fake.waitForSent(4);
      const card = sent.find((call) => String(call.payload.text ?? '').startsWith('<b>Your appointment</b>'));
      assert.ok(card, 'the summary card');
      assert.equal(card.payload.parse_mode, 'HTML');
      const shown = shownByHtml(String(card.payload.text));
      assert.deepEqual(shown.tags, ['b'], 'no link or bold from the name');
      assertSummaryLines(shown.text);
    } finally {
      await running.stop();
      await fake.stop();
    }
  });

  it('e-mail: the HTML part shows the name as text, one fact per line with <br>', async () => {
    const imap = await startImapServer({ [SHOP_ADDRESS]: MAILBOX_PASSWORD });
    const relay = await startSmtpRelay(SHOP_ADDRESS, MAILBOX_PASSWORD);
    const running = await serverUnderTest(emailEnv(imap, relay), new MemoryStore(), [createEmailChannel], clock);
    try {
      const eve = `Eve Smith <${CONTACT}>`;
      await imap.deliver(SHOP_ADDRESS, await composeMail({ from: eve, to: SHOP_ADDRESS, subject: 'Appointment', text: ASK }));
      let mails = await relay.waitFor(1);
      await imap.deliver(SHOP_ADDRESS, await replyTo(mails[0] as ParsedMail, eve, NAME));
      mails = await relay.waitFor(2);
      await imap.deliver(SHOP_ADDRESS, await replyTo(mails[1] as ParsedMail, eve, CONTACT));
      mails = await relay.waitFor(3);
      const html = String(mails[2]?.html || '');
      const block = /<div[^>]*>[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
      const shown = shownByHtml(block);
      assert.deepEqual([...new Set(shown.tags)].sort(), ['br', 'div', 'h3', 'p'], 'no link, bold or emphasis from the name');
      assertSummaryLines(shown.text);
      assert.ok(mails[2]?.text?.includes(`\n${NAME}\n`), 'the text part as typed');
    } finally {
      await running.stop();
      await relay.stop();
      await imap.stop();
    }
  });

  it('Azure Bot Service: Markdown-escaped for the Emulator (Web Chat), posted to its connector; HTML-escaped for Teams, in the response', async () => {
    type Reply = { textFormat?: string; attachments?: { content: { title?: string; text?: string } }[] };
    const running = await serverUnderTest({ ALLOW_ANONYMOUS_BOT_FRAMEWORK: 'true' }, new MemoryStore(), [createAzureChannel], clock);
    const connector = await startFakeConnector();
    try {
      for (const channelId of ['emulator', 'msteams']) {
        const posted = channelId === 'emulator';
        /** Posted replies are awaited by count: the question, or the card and the confirmation. */
        const turn = async (text: string, count = 1): Promise<Reply[]> => {
          const before = connector.posts.length;
          const activity = { type: 'message', id: `a-${Math.random().toString(36).slice(2)}`, channelId, serviceUrl: connector.serviceUrl, conversation: { id: `summary-${channelId}` }, from: { id: 'eve' }, recipient: { id: 'bot' }, locale: 'en-US', text, ...(posted ? {} : { deliveryMode: 'expectReplies' }) };
          const res = await fetch(`${running.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
          assert.equal(res.status, 200);
          if (!posted) return ((await res.json()) as { activities: Reply[] }).activities;
          await connector.waitForPosts(before + count);
          return connector.posts.slice(before).map((post) => post.body as Reply);
        };
        await turn(ASK);
        await turn(NAME);
        const replies = await turn(CONTACT, 2);
        const card = replies.find((reply) => reply.attachments?.length)?.attachments?.[0]?.content;
        assert.ok(card, `${channelId}: the summary card`);
        const shown = posted ? shownByWebChatMarkdown(card.text ?? '') : shownByHtml(card.text ?? '');
        assert.deepEqual([...new Set(shown.tags)].filter((tag) => tag !== 'p'), ['br'], `${channelId}: no link or bold from the name`);
        assertSummaryLines(`${card.title ?? ''}\n${shown.text}`);
        assert.ok(replies.filter((reply) => !reply.attachments?.length).every((reply) => reply.textFormat === 'plain'), `${channelId}: text marked plain`);
      }
    } finally {
      await connector.stop();
      await running.stop();
    }
  });
});
