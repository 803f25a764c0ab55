import { ImapFlow } from 'imapflow';
import type { Logger } from '../../bots/logger';
import { isStorageUnavailable, isTransientStoreError, type ManagedStorage } from '../../bots/state/types';
import { sha } from './inbound';
import { readItem } from '../../bots/state/storeItem';

export interface MailboxOptions {
  host: string;
  port?: number | undefined;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  /** Processed mail is moved here when set (it is always flagged \Seen). */
  processedMailbox?: string | undefined;
  /** Fallback sync interval for servers (or proxies) where IDLE does not report new mail. */
  pollMs: number;
  /** Mail larger than this is not downloaded; `onOversized` gets its headers only. */
  maxMessageBytes: number;
}

/** What the channel does with one mail; a rejection leaves the mail for the next sync. */
export interface MailHandlers {
  onMail(source: Buffer): Promise<void>;
  onOversized(headers: Buffer, size: number): Promise<void>;
}

interface Checkpoint {
  uidValidity: string;
  lastUid: number;
}

/** A mail that failed this many times in a row is flagged and skipped, so it cannot block the rest. */
const MAX_FAILURES = 3;
const FAILED_FLAG = '$SwitchboardFailed';

/**
 * Watches one IMAP mailbox with imapflow: IDLE for new mail plus a polling fallback, reconnect with
 * backoff. The last processed UID with the mailbox's UIDVALIDITY is checkpointed in the store after
 * each mail, so a restart neither skips nor repeats mail. Without a checkpoint (first start) only
 * unseen mail is taken, so connecting an existing mailbox does not answer its whole history.
 */
export class ImapMailbox {
  private client: ImapFlow | undefined;
  private syncing: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelayMs = 1000;
  private readonly failures = new Map<number, number>();
  private readonly checkpointKey: string;

  constructor(
    private readonly options: MailboxOptions,
    private readonly storage: ManagedStorage,
    private readonly handlers: MailHandlers,
    private readonly logger: Logger,
  ) {
    this.checkpointKey = `email/checkpoint/${sha(`${options.user}\n${options.host}\n${options.mailbox}`)}`;
  }

  /** Connects in the background: a mailbox that is down at start-up must not stop the server. */
  async start(): Promise<void> {
    this.pollTimer = setInterval(() => this.kick(), this.options.pollMs);
    this.pollTimer.unref();
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    await this.syncing;
    const client = this.client;
    this.client = undefined;
    await client?.logout().catch(() => client.close());
  }

  /** Syncs soon; syncs never overlap, and a kick during one runs another after it. */
  kick(): void {
    if (this.stopped || !this.client?.usable) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = this.sync()
      .catch((err: unknown) => this.logger.error({ err }, 'ImapMailbox.sync(): failed; next sync retries'))
      .finally(() => {
        this.syncing = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { host, port, secure, user, password, mailbox } = this.options;
    // imapflow enters IDLE 15 s after the last command by default; mail arriving in that gap would
    // wait for the next poll, so IDLE starts almost at once.
    const client = new ImapFlow({ host, port: port ?? (secure ? 993 : 143), secure, doSTARTTLS: secure ? undefined : false, auth: { user, pass: password }, logger: false, autoIdleDelay: 250 });
    client.on('error', (err: unknown) => this.logger.warn({ err }, 'IMAP connection error'));
    client.on('exists', () => this.kick());
    client.on('close', () => {
      if (this.client === client) this.client = undefined;
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.mailboxOpen(mailbox);
      this.client = client;
      this.reconnectDelayMs = 1000;
      this.logger.info({ mailbox }, 'IMAP mailbox open; waiting for mail');
      this.kick();
    } catch (err) {
      this.logger.warn({ err, host }, 'IMAP connect failed; retrying with backoff');
      client.close();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 60_000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private async sync(): Promise<void> {
    const client = this.client;
    if (!client || client.mailbox === false) return;
    const uidValidity = String(client.mailbox.uidValidity);
    const saved = await readItem<Checkpoint>(this.storage, this.checkpointKey);
    const fresh = !saved || saved.uidValidity !== uidValidity;
    if (saved && fresh) this.logger.warn({ mailbox: this.options.mailbox }, 'UIDVALIDITY changed; taking unseen mail (already processed mail is recognised by its Message-ID)');
    const lastUid = fresh ? 0 : saved.lastUid;
    const found = await client.search(fresh ? { seen: false } : { uid: `${lastUid + 1}:*` }, { uid: true });
    const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    for (const uid of uids) {
      if (this.stopped || this.client !== client) return;
      const processed = await this.processOne(client, uid);
      if (!processed) return;
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      if (this.options.processedMailbox) await client.messageMove(String(uid), this.options.processedMailbox, { uid: true });
      await this.storage.write({ [this.checkpointKey]: { uidValidity, lastUid: uid } });
    }
  }

  /** True when the mail is done with (handled, or given up after repeated failures). */
  private async processOne(client: ImapFlow, uid: number): Promise<boolean> {
    try {
      const meta = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      if (!meta) return true;
      const size = meta.size ?? 0;
      if (size > this.options.maxMessageBytes) {
        const head = await client.fetchOne(String(uid), { headers: true }, { uid: true });
        await this.handlers.onOversized(head && head.headers ? head.headers : Buffer.alloc(0), size);
      } else {
        const full = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (full && full.source) await this.handlers.onMail(full.source);
      }
      this.failures.delete(uid);
      return true;
    } catch (err) {
      // An outage of the store or the network is not the mail's fault: it waits for the next sync
      // however long the outage lasts, and only failures of the mail itself count towards giving up.
      if (isStorageUnavailable(err) || isTransientStoreError(err)) {
        this.logger.warn({ err, uid }, 'mail could not be processed during an outage; will retry');
        return false;
      }
      const failures = (this.failures.get(uid) ?? 0) + 1;
      this.failures.set(uid, failures);
      if (failures < MAX_FAILURES) {
        this.logger.warn({ err, uid, failures }, 'mail could not be processed; will retry');
        return false;
      }
      this.logger.error({ err, uid }, `mail failed ${failures} times; flagged ${FAILED_FLAG} and skipped`);
      this.failures.delete(uid);
      await client.messageFlagsAdd(String(uid), [FAILED_FLAG], { uid: true }).catch(() => undefined);
      return true;
    }
  }
}
