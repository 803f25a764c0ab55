/** One mail that is not a reply in a conversation: a verification code to an address the customer typed. */
export interface DirectMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends a mail now (no outbox: a code that fails to go out is asked for again, not retried). */
export interface DirectMailer {
  send(mail: DirectMail): Promise<void>;
}

/**
 * The dialogs are built before the channels, and the mailer is the e-mail channel's SMTP
 * relay: the slot is handed to the dialogs first and the channel fills it once it exists. Empty
 * when the app has no e-mail channel, which a dialog asks through `available`.
 */
export class MailerSlot implements DirectMailer {
  private mailer: DirectMailer | undefined;

  get available(): boolean {
    return this.mailer !== undefined;
  }

  fill(mailer: DirectMailer): void {
    this.mailer = mailer;
  }

  async send(mail: DirectMail): Promise<void> {
    if (!this.mailer) throw new Error('MailerSlot.send(): no e-mail channel is configured');
    await this.mailer.send(mail);
  }
}
