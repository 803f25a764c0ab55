import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import type { ManagedStorage } from '../../bots/state/types';
import { createEmailChannel } from '../../channels/email';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { createWebChatChannel } from '../../channels/webchat';
import { startImapServer } from '../fakes/imapServer';
import { startSmtpRelay } from '../fakes/smtpRelay';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { directLineClient, generateToken } from './directLineClient';
import { INBOX_ENV } from './inbox';
import { composeMail, emailEnv, MAILBOX_PASSWORD, replyTo, SHOP_ADDRESS } from './mailCustomer';
import { serverUnderTest } from './server';

telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };
const TOKEN = '123456:test-token';
const SECRET = 'webhook-secret-123';
export const OPERATOR_TOKEN = 'operator-token-0123456789abcdef';
/** Sunday 22 November 2026, 10:00 in Berlin: "tomorrow at 11" is a Monday with the stores open. */
export const RUN_CLOCK = () => new Date('2026-11-22T09:00:00Z');

/** Anna, who writes on all three channels; what she typed is what an erase must leave nowhere. */
export const ANNA = {
  email: 'anna.nowak@example.com',
  telegramId: 880077001,
  words: ['the zip on my parcel box was crushed flat', 'my neighbour signed for it on tuesday'],
};

/** The bot with web chat, Telegram (against the fake Bot API) and e-mail (dovecot + an SMTP relay), an inbox and the privacy API. */
export async function startMultiChannelServer(storage: ManagedStorage, env: Record<string, string> = {}, clock: () => Date = RUN_CLOCK) {
  const telegram = await startFakeTelegramApi(TOKEN);
  const imap = await startImapServer({ [SHOP_ADDRESS]: MAILBOX_PASSWORD });
  const relay = await startSmtpRelay(SHOP_ADDRESS, MAILBOX_PASSWORD);
  const running = await serverUnderTest(
    {
      ...INBOX_ENV,
      ...emailEnv(imap, relay),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      PUBLIC_URL: 'https://bot.example',
      TELEGRAM_MODE: 'webhook',
      OPERATOR_TOKEN,
      ...env,
    },
    storage,
    [createWebChatChannel, createTelegramChannel, createEmailChannel],
    clock,
  );
  return {
    running,
    telegram,
    imap,
    relay,
    async stop() {
      await running.stop();
      await relay.stop();
      await imap.stop();
      await telegram.stop();
    },
  };
}

type Server = Awaited<ReturnType<typeof startMultiChannelServer>>;

/** One web chat visitor through Direct Line: `say` waits for `replies` answers and returns their texts. */
export async function webChatVisitor(server: { running: { baseUrl: string } }) {
  const { token, conversationId } = await generateToken(server.running.baseUrl, 'en-US');
  const client = directLineClient(server.running.baseUrl, token, { webSocket: false });
  let seen = (await client.botReplies(1)).length;
  return {
    conversationId,
    userId: () => client.received.find((a) => a.from?.role === 'user')?.from?.id ?? '',
    /** Everything the bot (or an agent) said in this conversation so far. */
    texts: () => client.fromBot().map((a) => a.text ?? ''),
    async say(text: string, replies = 1): Promise<string[]> {
      await client.say(text);
      const all = await client.botReplies(seen + replies, 15_000);
      const fresh = all.slice(seen, seen + replies).map((a) => a.text ?? '');
      seen += replies;
      return fresh;
    },
    end: () => client.end(),
  };
}

/** A Telegram private chat: `say` posts an update to the webhook and waits for `replies` messages. */
export function telegramChat(server: Server, chatId: number) {
  let updateId = chatId % 100_000;
  return async (text: string, replies = 1): Promise<string[]> => {
    const before = server.telegram.sent().length;
    updateId += 1;
    const update = { update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'Anna', language_code: 'en' }, text } };
    const res = await fetch(`${server.running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
    assert.equal(res.status, 200);
    const sent = await server.telegram.waitForSent(before + replies);
    return sent.slice(before, before + replies).map((c) => String(c.payload.text ?? ''));
  };
}

/** An e-mail correspondent: the first mail opens the thread, each later one replies to the bot's last answer. */
export function mailCorrespondent(server: Server, from: string, subject: string) {
  let last: ParsedMail | undefined;
  return async (text: string): Promise<string> => {
    const count = server.relay.received.length;
    await server.imap.deliver(SHOP_ADDRESS, last ? await replyTo(last, from, text) : await composeMail({ from, to: SHOP_ADDRESS, subject, text }));
    last = (await server.relay.waitFor(count + 1)).at(-1);
    return last?.text ?? '';
  };
}

/** Bob asks for a person in the web chat, so the shared queue holds someone else than Anna. */
export async function bobsQuestion(server: Server): Promise<{ bobUserId: string }> {
  const bob = await webChatVisitor(server);
  await bob.say('can i talk to someone please');
  await bob.say('bob here, my window arrived cracked');
  bob.end();
  return { bobUserId: bob.userId() };
}

/**
 * Anna's day: she books a consultation in the web chat (typing her address, which proves
 * nothing), returns boots by e-mail, and asks for a person on Telegram with words of her own.
 */
export async function annasDay(server: Server) {
  const web = await webChatVisitor(server);
  await web.say('hi, can i book a consultation in krakow tomorrow at 11');
  await web.say('anna nowak');
  await web.say(ANNA.email, 2);
  const [booked] = await web.say('yes that is right');
  const bookingCode = /code is ([A-HJ-NP-Z2-9]{6})/.exec(booked ?? '')?.[1];
  assert.ok(bookingCode, `a booking code in "${booked}"`);

  const mail = mailCorrespondent(server, `Anna Nowak <${ANNA.email}>`, 'return');
  const answers = ['hello, i want to send back the hiking boots from order 100234', ANNA.email, '2', '1', '1', '1'];
  let rma: string | undefined;
  for (const answer of answers) {
    rma = /RMA-[A-Z0-9-]+/.exec(await mail(answer))?.[0];
    if (rma) break;
  }
  assert.ok(rma, 'the e-mail return got an RMA number');

  const telegram = telegramChat(server, ANNA.telegramId);
  await telegram('i need to speak to a human');
  await telegram(ANNA.words[0] as string);
  await telegram(ANNA.words[1] as string, 0);
  web.end();
  return { webUserId: web.userId(), webConversationId: web.conversationId, bookingCode, rma };
}

/** Every live item of the store, by key. */
export async function wholeStore(storage: ManagedStorage): Promise<Record<string, unknown>> {
  const keys: string[] = [];
  for await (const key of storage.keys('')) keys.push(key);
  return keys.length === 0 ? {} : storage.read(keys);
}
