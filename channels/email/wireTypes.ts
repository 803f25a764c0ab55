/** The parts of a received e-mail the channel works with, taken from mailparser's ParsedMail. */
export interface InboundMail {
  /** `<id@host>` as written in the Message-ID header, when there was one. */
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  from?: { address: string; name: string };
  to: string[];
  subject: string;
  /** Plain text of the mail (mailparser derives it from HTML when the mail has only HTML). */
  text: string;
  date?: Date;
  /** Lower-cased header names → raw values that decide whether a mail may be answered. */
  headers: Record<string, string>;
  attachments: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** The bytes, or undefined when the file was over the size limit and only announced. */
  content?: Buffer;
}

/** One e-mail conversation: who the customer is and what a reply must carry to stay in the thread. */
export interface ThreadRecord {
  conversationId: string;
  /** Lower-cased address of the customer; mail from anyone else never joins this thread. */
  customer: string;
  customerName: string;
  subject: string;
  /** Message-IDs of the thread, oldest first, capped; they become the References header. */
  references: string[];
  /** Values of the numbered options the last reply offered, so "2" can select the second. */
  choices: string[];
}

/** One outgoing e-mail: a turn's replies in the customer's thread. */
export interface OutboundMail {
  id: string;
  conversationId: string;
  messageId: string;
  to: string;
  toName: string;
  subject: string;
  inReplyTo?: string;
  references: string[];
  text: string;
  html: string;
  /** The bot wrote it (marked Auto-Submitted); false for a human agent's reply. */
  automatic: boolean;
  /** A marketing message's one-click unsubscribe link (List-Unsubscribe, RFC 8058). */
  unsubscribeUrl?: string;
}
