import { createHash } from 'node:crypto';
import { ActivityTypes, type Activity, type Attachment } from '../../bots/botFramework';
import EmailReplyParser from 'email-reply-parser';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { InboundMail, MailAttachment, ThreadRecord } from './wireTypes';
import { selectedOption } from '../shared/numberedOptions';

export const EMAIL_CHANNEL_ID = 'email';
export const LIMITS = {
  /** Longest customer text a turn gets; the rest of a very long mail is cut. */
  text: 5000,
  attachmentBytes: 1024 * 1024,
  attachments: 5,
} as const;

export const sha = (value: string, length = 32): string => createHash('sha256').update(value).digest('hex').slice(0, length);

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return objects.flatMap((object) => object.value).flatMap((entry) => (entry.address ? [{ address: entry.address.toLowerCase(), name: entry.name ?? '' }] : []));
}

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(headerText).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null && 'value' in value) {
    const params = 'params' in value && typeof value.params === 'object' && value.params !== null ? Object.entries(value.params).map(([k, v]) => `; ${k}=${String(v)}`).join('') : '';
    return `${String(value.value)}${params}`;
  }
  return '';
}

/** Headers that decide whether a mail may be answered (loopReason) — nothing else is kept. */
const KEPT_HEADERS = ['auto-submitted', 'precedence', 'list-id', 'list-unsubscribe', 'x-autoreply', 'x-autorespond', 'return-path', 'content-type', 'x-loop'];

/** mailparser's ParsedMail → the channel's InboundMail (pure). Attachments over the limit keep only their name. */
export function fromParsedMail(parsed: ParsedMail): InboundMail {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = parsed.headers.get(name);
    if (value !== undefined) headers[name] = headerText(value);
  }
  // mailparser folds List-Id, List-Unsubscribe and friends into one structured "list" header.
  const list = parsed.headers.get('list');
  if (list !== undefined && !headers['list-id']) headers['list-id'] = JSON.stringify(list);
  const references = parsed.references === undefined ? [] : Array.isArray(parsed.references) ? parsed.references : parsed.references.split(/\s+/);
  const attachments: MailAttachment[] = parsed.attachments.slice(0, LIMITS.attachments).map((attachment) => ({
    filename: attachment.filename ?? 'attachment',
    contentType: attachment.contentType,
    size: attachment.size,
    ...(attachment.size <= LIMITS.attachmentBytes ? { content: attachment.content } : {}),
  }));
  const from = addresses(parsed.from)[0];
  return {
    ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
    ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo.trim() } : {}),
    references: references.filter((id) => id.length > 0),
    ...(from ? { from } : {}),
    to: addresses(parsed.to).map((entry) => entry.address),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    ...(parsed.date ? { date: parsed.date } : {}),
    headers,
    attachments,
  };
}

/**
 * Why a mail must not be answered, or undefined when it may be. Answering auto-replies, bounces,
 * list mail or ourselves is how mail loops start (RFC 3834).
 */
export function loopReason(mail: InboundMail, ownAddress: string): string | undefined {
  const h = mail.headers;
  if (!mail.from) return 'no sender address';
  if (mail.from.address === ownAddress.toLowerCase()) return 'sent by our own address';
  if (h['auto-submitted'] && h['auto-submitted'].trim().toLowerCase() !== 'no') return 'Auto-Submitted';
  if (h['precedence'] && /^(bulk|junk|list|auto_reply)$/i.test(h['precedence'].trim())) return 'Precedence';
  if (h['list-id'] || h['list-unsubscribe']) return 'mailing list';
  if (h['x-autoreply'] || h['x-autorespond']) return 'auto-reply header';
  if (h['x-loop']?.toLowerCase().includes(ownAddress.toLowerCase())) return 'X-Loop';
  if (/^(mailer-daemon|postmaster)@/i.test(mail.from.address)) return 'bounce sender';
  if (h['return-path']?.trim() === '<>' || /report-type=.?delivery-status/i.test(h['content-type'] ?? '')) return 'delivery status notification';
  return undefined;
}

const replyParser = new EmailReplyParser();

/** The new text of a reply: quoted history and signature removed, cut at the text limit. */
export function newText(mail: InboundMail): string {
  const text = mail.text.replace(/\r\n/g, '\n');
  const reply = replyParser.parseReply(text).trim();
  // A mail that is all quote (or that the parser empties) still says something: keep its text.
  const chosen = reply || text.trim();
  return chosen.length > LIMITS.text ? chosen.slice(0, LIMITS.text) : chosen;
}

/** "Re: AW: Fwd:  Return" → "Return": the subject without reply and forward prefixes (en, de, pl). */
export function subjectCore(subject: string): string {
  let rest = subject.trim();
  for (;;) {
    const stripped = rest.replace(/^(re|aw|wg|fwd?|odp|pd|sv|antw)\s*(\[\d+\])?\s*:\s*/i, '');
    if (stripped === rest) return rest;
    rest = stripped;
  }
}

/** The part of a subject that stays the same across a thread, for matching. */
export function normaliseSubject(subject: string): string {
  return subjectCore(subject).replace(/\s+/g, ' ').toLowerCase();
}

/** Identity of a received mail for exactly-once processing: its Message-ID, else a hash of its content. */
export function mailKey(mail: InboundMail): string {
  if (mail.messageId) return mail.messageId;
  return `sha256:${sha([mail.from?.address ?? '', mail.date?.toISOString() ?? '', mail.subject, mail.text].join('\n'), 64)}`;
}

function toAttachment(attachment: MailAttachment): Attachment {
  return {
    contentType: attachment.contentType,
    name: attachment.filename,
    ...(attachment.content ? { contentUrl: `data:${attachment.contentType};base64,${attachment.content.toString('base64')}` } : {}),
  };
}

/** A received mail in its thread → the turn's message Activity (pure). */
export function toActivity(mail: InboundMail, thread: ThreadRecord, botAddress: string, serviceUrl: string): Partial<Activity> {
  const text = newText(mail);
  return {
    type: ActivityTypes.Message,
    id: mailKey(mail),
    channelId: EMAIL_CHANNEL_ID,
    serviceUrl,
    timestamp: mail.date ?? new Date(),
    conversation: { id: thread.conversationId, isGroup: false, conversationType: 'personal', name: thread.subject },
    from: { id: thread.customer, name: thread.customerName, role: 'user' },
    recipient: { id: botAddress, name: botAddress, role: 'bot' },
    text: selectedOption(text, thread.choices) ?? text,
    textFormat: 'plain',
    attachments: mail.attachments.map(toAttachment),
    channelData: { subject: mail.subject },
  };
}
