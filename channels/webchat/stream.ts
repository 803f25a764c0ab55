import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Activity } from '../../bots/botFramework';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../bots/logger';
import { refuseUpgrade as refuse, type UpgradeRouter } from '../../bots/upgradeRouter';
import type { ConversationLog, LogPage } from './conversationLog';
import { DIRECT_LINE_BASE } from './directLineRoutes';
import type { TokenService } from './tokens';
import type { DirectLineActivitySet } from './wireTypes';

const STREAM_PATH = new RegExp(`^${DIRECT_LINE_BASE}/conversations/([^/]+)/stream$`);
const HEARTBEAT_MS = 30_000;
/** Open streams one conversation may hold (a few tabs); more is a client gone wrong. */
const MAX_STREAMS_PER_CONVERSATION = 10;
/** Clients have nothing to say on the stream (Direct Line ignores it); a small cap is enough. */
const MAX_CLIENT_FRAME_BYTES = 4096;

/** A path segment with a broken %-escape is the client's mistake (400), not ours. */
function decodedOrUndefined(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** One open stream: pushes the log to the client from its watermark on, one read at a time. */
class Stream {
  private sent: number;
  private pumping = false;
  private again = false;
  alive = true;

  constructor(
    readonly ws: WebSocket,
    private readonly conversationId: string,
    watermark: number,
    private readonly log: ConversationLog,
    private readonly onError: (err: unknown) => void,
  ) {
    this.sent = watermark;
  }

  /** Called for every append in this process; the common case needs no read from the store. */
  onAppend(activities: Partial<Activity>[], upTo: number): void {
    if (!this.pumping && upTo - activities.length === this.sent) {
      this.send(activities, upTo);
      return;
    }
    this.pump();
  }

  /** Reads and sends everything after what was sent; overlapping calls fold into one more round. */
  pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void (async () => {
      try {
        do {
          this.again = false;
          let page: LogPage;
          do {
            page = await this.log.since(this.conversationId, this.sent);
            this.send(page.activities, page.watermark);
          } while (page.more && this.open());
        } while (this.again && this.open());
      } catch (err) {
        this.onError(err);
      } finally {
        this.pumping = false;
      }
    })();
  }

  private send(activities: Partial<Activity>[], upTo: number): void {
    if (upTo <= this.sent || !this.open()) return;
    // A page of lost activities only moves the watermark; without this the pump would ask for it forever.
    this.sent = upTo;
    if (activities.length === 0) return;
    this.ws.send(JSON.stringify({ activities, watermark: String(upTo) } satisfies DirectLineActivitySet));
  }

  private open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }
}

/**
 * The Direct Line WebSocket stream: after the upgrade the client receives every activity of its
 * conversation as `{activities, watermark}` frames, starting after the watermark it asked for.
 * Only the streams of this process hear appends at once; a periodic catch-up read picks up what
 * other instances appended, so several instances stay correct, if slower without affinity.
 */
export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  private readonly streams = new Set<Stream>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly log: ConversationLog,
    private readonly tokens: TokenService,
    private readonly logger: Logger,
    heartbeatMs: number = HEARTBEAT_MS,
  ) {
    this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  attach(upgrades: UpgradeRouter): void {
    upgrades.register(`${DIRECT_LINE_BASE}/`, (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      this.upgrade(req, socket, head, url).catch((err: unknown) => {
        this.logger.error({ err }, 'DirectLineStreams.upgrade(): failed');
        refuse(socket, 500, 'Internal Server Error');
      });
    });
  }

  get openStreams(): number {
    return this.streams.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    this.wss.close();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    const match = STREAM_PATH.exec(url.pathname);
    if (!match?.[1]) return refuse(socket, 404, 'Not Found');
    const conversationId = decodedOrUndefined(match[1]);
    if (conversationId === undefined) return refuse(socket, 400, 'Bad Request');
    const check = this.tokens.check(url.searchParams.get('t') ?? undefined);
    if (!check.ok) return refuse(socket, check.status, check.status === 401 ? 'Unauthorized' : 'Forbidden');
    if (check.scope.conversationId !== conversationId) return refuse(socket, 403, 'Forbidden');
    if (this.log.subscriberCount(conversationId) >= MAX_STREAMS_PER_CONVERSATION) return refuse(socket, 429, 'Too Many Requests');
    if (!(await this.log.header(conversationId))) return refuse(socket, 404, 'Not Found');
    const raw = url.searchParams.get('watermark') ?? '';
    const watermark = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, conversationId, watermark));
  }

  private serve(ws: WebSocket, conversationId: string, watermark: number): void {
    const stream = new Stream(ws, conversationId, watermark, this.log, (err) => {
      this.logger.error({ err, conversationId }, 'DirectLineStreams.serve(): reading the log failed');
      ws.close(1011, 'internal error');
    });
    // Subscribe before the first read so nothing appended in between is missed.
    const unsubscribe = this.log.subscribe(conversationId, (activities, upTo) => stream.onAppend(activities, upTo));
    this.streams.add(stream);
    ws.on('pong', () => {
      stream.alive = true;
    });
    // ws emits protocol errors (an oversize or malformed frame) as events; unhandled, they would
    // crash the process. The socket closes itself afterwards.
    ws.on('error', (err) => this.logger.debug({ err, conversationId }, 'DirectLineStreams.serve(): client stream error'));
    ws.on('close', () => {
      unsubscribe();
      this.streams.delete(stream);
    });
    stream.pump();
  }

  /**
   * Like Direct Line: an empty message keeps proxies from closing idle streams, a ping finds dead
   * peers (no pong since the last beat → terminated), and a catch-up read brings in what other
   * instances appended.
   */
  private beat(): void {
    for (const stream of this.streams) {
      if (!stream.alive) {
        stream.ws.terminate();
        continue;
      }
      stream.alive = false;
      stream.ws.ping();
      stream.ws.send('');
      stream.pump();
    }
  }
}
