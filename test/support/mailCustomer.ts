import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { ParsedMail } from 'mailparser';

let counter = 0;
export const SHOP_ADDRESS = 'shop@example.test';
export const MAILBOX_PASSWORD = 'imap-secret';

/** Settings that point the e-mail channel at a test IMAP server and SMTP relay. */
export function emailEnv(imap: { port: number }, relay: { port: number }): Record<string, string> {
  return {
    EMAIL_IMAP_HOST: '127.0.0.1', EMAIL_IMAP_PORT: String(imap.port), EMAIL_IMAP_SECURE: 'false',
    EMAIL_SMTP_HOST: '127.0.0.1', EMAIL_SMTP_PORT: String(relay.port), EMAIL_SMTP_SECURE: 'false',
    EMAIL_USER: SHOP_ADDRESS, EMAIL_PASSWORD: MAILBOX_PASSWORD, EMAIL_FROM: SHOP_ADDRESS, EMAIL_POLL_SECONDS: '5', SHOP_NAME: 'Demo Shop',
  };
}

/** A customer's e-mail as raw RFC 822 bytes, built by nodemailer's own composer. */
export async function composeMail(options: Mail.Options & { messageId?: string }): Promise<Buffer> {
  counter += 1;
  return new MailComposer({ messageId: `<customer-${Date.now()}-${counter}@customer.test>`, date: new Date(), ...options }).compile().build();
}

/** Replying the way a mail client does: same thread headers, the quote below the new text. */
export async function replyTo(received: ParsedMail, from: string, text: string, extra: Mail.Options = {}): Promise<Buffer> {
  const refs = [...(Array.isArray(received.references) ? received.references : received.references ? [received.references] : []), received.messageId ?? ''].filter(Boolean);
  const quoted = (received.text ?? '').split('\n').map((line) => `> ${line}`).join('\n');
  return composeMail({
    from,
    to: 'shop@example.test',
    subject: `Re: ${(received.subject ?? '').replace(/^Re:\s*/i, '')}`,
    inReplyTo: received.messageId ?? '',
    references: refs,
    text: `${text}\n\nOn Mon, 23 Nov 2026 at 10:00, Shop <shop@example.test> wrote:\n${quoted}\n`,
    ...extra,
  });
}
