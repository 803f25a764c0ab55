import type { BenchServer } from '../lib/child';
import type { RequestFactory } from '../lib/load';
import type { ReadyMessage, StoreKind } from '../lib/protocol';

/** Local stand-ins for platform APIs a case's server calls out to, started before the server. */
export interface RunningFakes {
  env: Record<string, string>;
  /** Replies the fake platform API delivered so far, to cross-check the server's own turn count. */
  replies?(): number;
  stop(): Promise<void>;
}

/** One benchmark case: which server to start, how, and what to send it. */
export interface BenchCase {
  /** Key in the printed table (and the JSON line where the issue names it). */
  key: string;
  description: string;
  server: BenchServer;
  store?: StoreKind;
  env: Record<string, string>;
  /** Ours: the pipeline counts turns; baselines count 2xx answers. */
  countsTurns: boolean;
  /** The webhook answers before the turn runs (Messenger): throughput is turns completed, not answers. */
  answersBeforeTurn?: boolean;
  /**
   * Peers: each answered request must be one replied turn (and the fake's replies must agree), and
   * no request may fail; the run throws otherwise, so a silently failing peer cannot look fast.
   */
  verifiesTurns?: boolean;
  fakes?(): Promise<RunningFakes>;
  requests(ready: ReadyMessage, conversations: number): RequestFactory;
}
