import type { Logger } from '../../bots/logger';
import type { Metrics } from '../../bots/observability/metrics';
import type { ManagedStorage } from '../../bots/state/types';
import { ETAG_NEW_ITEM, isETagConflict } from '../../bots/state/types';
import { SmtpSendError } from './client';
import { readItem, updateItem } from '../../bots/state/storeItem';
import type { OutboundMail } from './wireTypes';

export interface OutboxTuning {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Attempts before a mail that keeps failing becomes a dead letter. */
  maxAttempts: number;
  /** How long one instance may hold a mail it is sending before another may take it over. */
  leaseMs: number;
}

export const DEFAULT_OUTBOX_TUNING: OutboxTuning = { firstDelayMs: 2000, maxDelayMs: 15 * 60_000, maxAttempts: 12, leaseMs: 120_000 };

interface OutboxEntry {
  mail: OutboundMail;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number;
  lastError?: string;
}

export interface DeadLetter {
  mail: OutboundMail;
  attempts: number;
  error: string;
  failedAt: string;
}

const INDEX_KEY = 'email/outbox';
const DEAD_INDEX_KEY = 'email/dead';
const entryKey = (id: string) => `email/outbox/${id}`;
const deadKey = (id: string) => `email/dead/${id}`;
const DEAD_LETTER_TTL = 90 * 24 * 60 * 60;

/**
 * Replies are written to the store first and sent by this worker, so an SMTP outage loses nothing:
 * a failed send is retried with exponential backoff under the same Message-ID, and a mail that
 * fails permanently (5xx) or too often is kept as a dead letter and logged. Each entry is leased
 * with an eTag-checked write before sending, so two instances never send the same mail.
 */
export class EmailOutbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private pending = 0;

  constructor(
    private readonly storage: ManagedStorage,
    private readonly send: (mail: OutboundMail) => Promise<void>,
    private readonly logger: Logger,
    private readonly tuning: OutboxTuning = DEFAULT_OUTBOX_TUNING,
    private readonly now: () => number = Date.now,
    private readonly metrics?: Metrics,
  ) {}

  /** Mails waiting to be sent (as of the last pass). */
  get depth(): number {
    return this.pending;
  }

  async enqueue(mail: OutboundMail): Promise<void> {
    const entry: OutboxEntry = { mail, attempts: 0, nextAttemptAt: 0, leaseUntil: 0 };
    try {
      await this.storage.write({ [entryKey(mail.id)]: { ...entry, eTag: ETAG_NEW_ITEM } });
    } catch (err) {
      // Already queued by an earlier attempt of the same turn: one mail, not two.
      if (!isETagConflict(err)) throw err;
    }
    await updateItem<{ ids: string[] }>(this.storage, INDEX_KEY, (index) => (index?.ids.includes(mail.id) ? undefined : { ids: [...(index?.ids ?? []), mail.id] }));
    this.kick();
  }

  /** Runs a pass soon; passes never overlap, and a kick during one runs another after it. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: unknown) => this.logger.error({ err }, 'EmailOutbox.pass(): failed; retrying later'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const index = await readItem<{ ids: string[] }>(this.storage, DEAD_INDEX_KEY);
    const ids = index?.ids ?? [];
    const items = ids.length > 0 ? await this.storage.read(ids.map(deadKey)) : {};
    return ids.flatMap((id) => (items[deadKey(id)] ? [items[deadKey(id)] as DeadLetter] : []));
  }

  private async pass(): Promise<void> {
    const ids = (await readItem<{ ids: string[] }>(this.storage, INDEX_KEY))?.ids ?? [];
    let earliest = Infinity;
    const done: string[] = [];
    for (const id of ids) {
      if (this.stopped) return;
      const entry = await readItem<OutboxEntry>(this.storage, entryKey(id));
      if (!entry) {
        done.push(id);
        continue;
      }
      const now = this.now();
      const due = Math.max(entry.nextAttemptAt, entry.leaseUntil);
      if (due > now) {
        earliest = Math.min(earliest, due);
        continue;
      }
      const outcome = await this.attempt(id, entry);
      if (outcome === 'finished') done.push(id);
      else if (outcome !== 'taken') earliest = Math.min(earliest, outcome);
    }
    if (done.length > 0) await updateItem<{ ids: string[] }>(this.storage, INDEX_KEY, (index) => index && { ids: index.ids.filter((id) => !done.includes(id)) });
    this.pending = ids.length - done.length;
    if (earliest !== Infinity && !this.stopped) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.kick(), Math.max(0, earliest - this.now()));
      this.timer.unref();
    }
  }

  /** Sends one entry under a lease: 'finished' (sent or dead), 'taken' by another instance, or when to retry. */
  private async attempt(id: string, entry: OutboxEntry & { eTag?: string }): Promise<'finished' | 'taken' | number> {
    const leased: OutboxEntry = { ...entry, leaseUntil: this.now() + this.tuning.leaseMs };
    try {
      await this.storage.write({ [entryKey(id)]: { ...leased, eTag: entry.eTag ?? '*' } });
    } catch (err) {
      if (isETagConflict(err)) return 'taken';
      throw err;
    }
    try {
      await this.send(entry.mail);
      await this.storage.delete([entryKey(id)]);
      this.logger.info({ conversationId: entry.mail.conversationId, attempts: entry.attempts + 1 }, 'email reply sent');
      return 'finished';
    } catch (err) {
      const attempts = entry.attempts + 1;
      const error = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof SmtpSendError && err.permanent;
      this.metrics?.outboundFailure('email', err instanceof SmtpSendError ? (err.responseCode ?? err.code) : undefined);
      if (permanent || attempts >= this.tuning.maxAttempts) {
        await this.bury(id, { mail: entry.mail, attempts, error, failedAt: new Date(this.now()).toISOString() });
        this.logger.error({ conversationId: entry.mail.conversationId, attempts, err }, 'email reply could not be delivered; kept as a dead letter');
        return 'finished';
      }
      const delay = Math.min(this.tuning.maxDelayMs, this.tuning.firstDelayMs * 2 ** (attempts - 1));
      const nextAttemptAt = this.now() + delay;
      await updateItem<OutboxEntry>(this.storage, entryKey(id), (current) => current && { ...current, attempts, nextAttemptAt, leaseUntil: 0, lastError: error });
      this.logger.warn({ conversationId: entry.mail.conversationId, attempts, delayMs: delay, code: err instanceof SmtpSendError ? err.responseCode ?? err.code : undefined }, 'email reply failed; will retry');
      return nextAttemptAt;
    }
  }

  private async bury(id: string, letter: DeadLetter): Promise<void> {
    await this.storage.write({ [deadKey(id)]: { ...letter, ttl: DEAD_LETTER_TTL } });
    await updateItem<{ ids: string[] }>(this.storage, DEAD_INDEX_KEY, (index) => ({ ids: [...(index?.ids ?? []), id].slice(-500) }));
    await this.storage.delete([entryKey(id)]);
  }
}
