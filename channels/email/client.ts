import nodemailer, { type Transporter } from 'nodemailer';
import type { Metrics } from '../../bots/observability/metrics';
import { headerSafe } from './renderer';
import type { OutboundMail } from './wireTypes';

export interface SmtpOptions {
  host: string;
  port?: number | undefined;
  secure: boolean;
  user: string;
  password: string;
  /** The bare address: the SMTP envelope sender (relays refuse `Name <address>` there) and the From address. */
  from: string;
  /** The From header's display name. */
  fromName: string;
}

/** A failed SMTP delivery, with the server's reply code when there was one. */
export class SmtpSendError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | undefined,
    readonly code: string | undefined,
    /** 5xx replies will fail the same way again; connection problems and 4xx are worth retrying. */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmtpSendError';
  }
}

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

interface NodemailerError {
  message?: string;
  responseCode?: number;
  code?: string;
}

/** Sends the bot's replies through the provider's SMTP relay (nodemailer). */
export class SmtpClient {
  private readonly transport: Transporter;

  constructor(
    private readonly options: SmtpOptions,
    private readonly metrics?: Metrics,
  ) {
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port ?? (options.secure ? 465 : 587),
      secure: options.secure,
      auth: { user: options.user, pass: options.password },
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutboundMail): Promise<void> {
    const references = mail.references.filter((id) => MESSAGE_ID.test(id));
    try {
      await this.transport.sendMail({
        from: { name: headerSafe(this.options.fromName, 80), address: this.options.from },
        to: { name: headerSafe(mail.toName, 80), address: headerSafe(mail.to, 254) },
        subject: headerSafe(mail.subject, 250),
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(mail.inReplyTo && MESSAGE_ID.test(mail.inReplyTo) ? { inReplyTo: mail.inReplyTo } : {}),
        ...(references.length > 0 ? { references } : {}),
        // RFC 3834: marks the bot's answers so other robots (auto-responders) do not answer them.
        headers: {
          ...(mail.automatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } : {}),
          // RFC 8058: the mail client's unsubscribe button POSTs to the link, with no page to click through.
          ...(mail.unsubscribeUrl && /^https?:\/\/[^\s<>]+$/u.test(mail.unsubscribeUrl)
            ? { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
            : {}),
        },
      });
    } catch (err) {
      const e = (typeof err === 'object' && err !== null ? err : {}) as NodemailerError;
      // 530-535 are the login failing: the mailbox's password is an operator's to fix, not the mail's fault.
      const permanent = e.responseCode !== undefined && e.responseCode >= 500 && !(e.responseCode >= 530 && e.responseCode <= 535);
      this.metrics?.outboundFailure('email', e.responseCode ?? e.code);
      throw new SmtpSendError(`SmtpClient.send(): ${e.message ?? String(err)}`, e.responseCode, e.code, permanent);
    }
  }

  close(): void {
    this.transport.close();
  }
}
