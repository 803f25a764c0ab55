import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/**
 * The provider's SMTP relay as the bot sees it: an in-process smtp-server on 127.0.0.1 that checks
 * the login, records every accepted message (raw, parsed and its SMTP envelope), and can be switched
 * to refuse mail (`failWith(451)` — a temporary outage, or 550 — a permanent rejection). Like a real
 * relay, smtp-server refuses a MAIL FROM that is not a bare address (501 Bad sender address syntax).
 */
export async function startSmtpRelay(user: string, password: string) {
  const received: { raw: Buffer; mail: ParsedMail; envelope: { mailFrom: string | undefined; rcptTo: string[] } }[] = [];
  /** Messages turned away while failing, with the code given. */
  const refused: { messageId: string | undefined; code: number }[] = [];
  let failure: number | undefined;
  let waiter: (() => void) | undefined;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failure !== undefined) {
          const code = failure;
          const err = Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code });
          // Recorded before answering: the client sees the refusal only after the test can.
          const record = (messageId: string | undefined) => {
            refused.push({ messageId, code });
            callback(err);
          };
          simpleParser(Buffer.concat(chunks)).then((mail) => record(mail.messageId), () => record(undefined));
          return;
        }
        const raw = Buffer.concat(chunks);
        const { mailFrom, rcptTo } = session.envelope;
        const envelope = { mailFrom: mailFrom ? mailFrom.address : undefined, rcptTo: rcptTo.map((rcpt) => rcpt.address) };
        simpleParser(raw).then(
          (mail) => {
            received.push({ raw, mail, envelope });
            waiter?.();
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    refused,
    failWith(code: number | undefined) {
      failure = code;
    },
    /** Resolves once `count` messages were accepted in total (rejects after `timeoutMs`). */
    async waitFor(count: number, timeoutMs = 10_000): Promise<ParsedMail[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`smtpRelay.waitFor(): ${received.length} of ${count} messages after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 50);
        });
      }
      return received.map((r) => r.mail);
    },
    async stop(): Promise<void> {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
