import type { Activity } from '../../bots/botFramework';
import { createHmac, randomUUID } from 'node:crypto';
import { serverSecret } from '../../bots/state/serverSecret';
import { escape } from 'html-escaper';
import { simpleParser } from 'mailparser';
import type { ChannelFactory, ChannelModule } from '../channel';
import { EmailAdapter } from './adapter';
import { SmtpClient } from './client';
import { EMAIL_CHANNEL_ID, fromParsedMail, loopReason, mailKey, sha, toActivity } from './inbound';
import { ImapMailbox } from './mailbox';
import { EMAIL_CAPABILITIES, renderEmail } from './renderer';
import { ThreadStore } from './threads';
import type { InboundMail, OutboundMail } from './wireTypes';
import { viaAzureBotService } from '../shared/azureServiceUrl';
import { humanAgentOf } from '../shared/senderLine';

/** Tests lower the size limit; production keeps the default. */
export const emailTuning: { maxMessageBytes: number } = { maxMessageBytes: 10 * 1024 * 1024 };

const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
const PROCESSED_TTL = 90 * 24 * 60 * 60;
const processedKey = (key: string) => `email/processed/${sha(key)}`;


/**
 * E-mail over any IMAP + SMTP provider. Enabled when the IMAP and SMTP hosts, user, password and
 * From address are set. Each thread is a conversation; each turn's replies go out as one e-mail
 * in that thread; the pipeline's outbox (bots/outbox) keeps them through SMTP outages and retries.
 */
export const createEmailChannel: ChannelFactory = (deps) => {
  const env = deps.config.env;
  const { EMAIL_IMAP_HOST: imapHost, EMAIL_SMTP_HOST: smtpHost, EMAIL_USER: user, EMAIL_PASSWORD: password, EMAIL_FROM: from } = env;
  if (!imapHost || !smtpHost || !user || !password || !from) return undefined;
  // The bare address: providers lower-case senders, and "Name <address>" would never match one.
  const botAddress = from.address.toLowerCase();
  const domain = botAddress.split('@')[1] ?? 'localhost';
  const serviceUrl = `smtp://${smtpHost}`;
  const logger = deps.logger.child({ channel: EMAIL_CHANNEL_ID });
  const smtp = new SmtpClient({ host: smtpHost, port: env.EMAIL_SMTP_PORT, secure: env.EMAIL_SMTP_SECURE, user, password, from: from.address, fromName: from.name ?? env.SHOP_NAME }, deps.metrics);
  const threads = new ThreadStore(deps.storage, logger);
  // Keyed, not a plain hash of what the sender knows: a reply quoting it proves they received our mail.
  let idKey: Promise<Buffer> | undefined;
  const messageIdOf = async (conversationId: string, replyKey: string) => {
    idKey ??= serverSecret(deps.storage, 'email-message-id').catch((err: unknown) => {
      idKey = undefined;
      throw err;
    });
    return createHmac('sha256', await idKey).update(`${conversationId}\n${replyKey}`).digest('hex').slice(0, 32);
  };

  const sendMail = async (conversationId: string, replies: Partial<Activity>[], replyKey: string, locale: string | undefined) => {
    const thread = await threads.get(conversationId);
    if (!thread) throw new Error(`createEmailChannel.sendMail(): no thread for conversation ${conversationId}`);
    const rendered = renderEmail(replies, locale);
    const id = await messageIdOf(conversationId, replyKey);
    const messageId = `<${id}@${domain}>`;
    // A retry finds its own Message-ID recorded in the thread already: a mail never answers itself.
    const references = thread.references.filter((reference) => reference !== messageId);
    const mail: OutboundMail = {
      id,
      conversationId,
      messageId,
      to: thread.customer,
      toName: thread.customerName,
      subject: thread.subject ? `Re: ${thread.subject}` : env.SHOP_NAME,
      ...(references.length > 0 ? { inReplyTo: references.at(-1) } : {}),
      references,
      text: rendered.text,
      html: rendered.html,
      // A person's reply is not an automatic one: no Auto-Submitted header on it.
      automatic: !replies.some((reply) => humanAgentOf(reply) !== undefined),
      ...(rendered.unsubscribeUrl ? { unsubscribeUrl: rendered.unsubscribeUrl } : {}),
    };
    // Recorded first: a customer answering this mail finds the thread even if the process dies now.
    await threads.sent(conversationId, messageId, rendered.choices);
    await smtp.send(mail);
    logger.info({ conversationId }, 'email reply sent');
  };
  const adapter = new EmailAdapter(sendMail, serviceUrl);
  deps.installPipeline(adapter);

  /**
   * One received mail, exactly once: skip what was processed or must not be answered, else `answer`
   * it in its thread; the processed marker is written last, so a crash in between retries the mail
   * (and the pipeline's dedupe by Message-ID keeps the turn from running twice).
   */
  const handle = async (mail: InboundMail, answer: (mail: InboundMail & { from: { address: string; name: string } }, key: string) => Promise<void>) => {
    const key = mailKey(mail);
    if ((await deps.storage.read([processedKey(key)]))[processedKey(key)]) {
      logger.info('mail already processed; skipped');
      return;
    }
    const reason = loopReason(mail, botAddress);
    if (reason || !mail.from) logger.info({ reason }, 'mail not answered (loop protection)');
    else await answer({ ...mail, from: mail.from }, key);
    await deps.storage.write({ [processedKey(key)]: { at: new Date().toISOString(), ttl: PROCESSED_TTL } });
  };
  const runTurn = async (mail: InboundMail & { from: { address: string; name: string } }, key: string) => {
    const { thread, answersOurs } = await threads.resolve(mail);
    const current = (await threads.received(thread.conversationId, key.startsWith('<') ? key : `<${sha(key)}@${domain}>`)) ?? thread;
    await adapter.processMail(toActivity(mail, current, botAddress, serviceUrl), answersOurs, deps.logic);
  };
  const sendSizeNotice = (size: number) => async (mail: InboundMail & { from: { address: string; name: string } }, key: string) => {
    logger.warn({ size }, 'mail over the size limit; answered with a notice');
    const { thread } = await threads.resolve(mail);
    const notice = `Your e-mail (${formatSize(size)}) is over our ${formatSize(emailTuning.maxMessageBytes)} limit, so it could not be read. Please send the text again without large attachments.`;
    // A turn of its own (no dialog runs), so the notice is kept and retried like any reply.
    // The mail's key as its id: processing the same mail again after a crash is deduplicated.
    const event = { ...toActivity(mail, thread, botAddress, serviceUrl), id: key, type: 'event', name: 'oversizedMail', text: '' };
    await adapter.processActivity(event, async (context) => {
      await context.sendActivity(notice);
    });
  };

  const mailbox = new ImapMailbox(
    {
      host: imapHost,
      port: env.EMAIL_IMAP_PORT,
      secure: env.EMAIL_IMAP_SECURE,
      user,
      password,
      mailbox: env.EMAIL_MAILBOX,
      processedMailbox: env.EMAIL_PROCESSED_MAILBOX,
      pollMs: env.EMAIL_POLL_SECONDS * 1000,
      maxMessageBytes: emailTuning.maxMessageBytes,
    },
    deps.storage,
    {
      onMail: async (source) => handle(fromParsedMail(await simpleParser(source, { skipImageLinks: true })), runTurn),
      onOversized: async (headers, size) => handle(fromParsedMail(await simpleParser(headers)), sendSizeNotice(size)),
    },
    logger,
  );

  const module: ChannelModule = {
    id: EMAIL_CHANNEL_ID,
    capabilities: EMAIL_CAPABILITIES,
    adapter,
    mailer: {
      async send(mail) {
        const id = randomUUID();
        await smtp.send({ id, conversationId: '', messageId: `<${id}@${domain}>`, to: mail.to, toName: '', subject: mail.subject, references: [], text: mail.text, html: `<p>${escape(mail.text).replace(/\n/g, '<br>')}</p>`, automatic: true });
        logger.info('direct mail sent');
      },
    },
    async ownsConversation(reference) {
      return !viaAzureBotService(reference.serviceUrl);
    },
    registerRoutes() {
      // Mail arrives over IMAP; the channel serves no HTTP route.
    },
    async start() {
      await mailbox.start();
    },
    async stop() {
      await mailbox.stop();
      smtp.close();
    },
  };
  return module;
};
