import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../bots/logger';
import type { ConversationLog } from './conversationLog';
import { DIRECT_LINE_BASE } from './directLineRoutes';
import type { TokenService } from './tokens';
import type { DirectLineActivitySet } from './wireTypes';

const STREAM_PATH = new RegExp(`^${DIRECT_LINE_BASE}/conversations/([^/]+)/stream$`);
const HEARTBEAT_MS = 30_000;

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}`);
}

/**
 * The Direct Line WebSocket stream: after the upgrade the client receives every activity of its
 * conversation as `{activities, watermark}` frames, starting after the watermark it asked for.
 */
export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly log: ConversationLog,
    private readonly tokens: TokenService,
    private readonly logger: Logger,
  ) {
    // Pings keep proxies from closing idle streams and reveal dead peers.
    this.heartbeat = setInterval(() => {
      for (const client of this.wss.clients) client.ping();
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  attach(server: Server): void {
    server.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match?.[1]) return refuse(socket, 404, 'Not Found');
      const conversationId = decodeURIComponent(match[1]);
      const check = this.tokens.check(url.searchParams.get('t') ?? undefined);
      if (!check.ok) return refuse(socket, check.status, check.status === 401 ? 'Unauthorized' : 'Forbidden');
      if (check.scope.conversationId !== conversationId) return refuse(socket, 403, 'Forbidden');
      const watermark = Number(url.searchParams.get('watermark') ?? '0');
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.serve(ws, conversationId, Number.isInteger(watermark) && watermark >= 0 ? watermark : 0).catch((err: unknown) => {
          this.logger.error({ err, conversationId }, 'DirectLineStreams.serve(): stream failed');
          ws.close(1011, 'internal error');
        });
      });
    });
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    this.wss.close();
  }

  private async serve(ws: WebSocket, conversationId: string, watermark: number): Promise<void> {
    // Subscribe before reading the backlog so nothing appended in between is missed; frames the
    // backlog already covered are skipped by their watermark.
    let sent = watermark;
    const queued: DirectLineActivitySet[] = [];
    let replaying = true;
    const send = (frame: DirectLineActivitySet, upTo: number) => {
      if (upTo <= sent || ws.readyState !== ws.OPEN) return;
      const skip = frame.activities.length - (upTo - sent);
      const fresh = skip > 0 ? frame.activities.slice(skip) : frame.activities;
      sent = upTo;
      ws.send(JSON.stringify({ activities: fresh, watermark: String(upTo) } satisfies DirectLineActivitySet));
    };
    const unsubscribe = this.log.subscribe(conversationId, (activities, upTo) => {
      const frame = { activities, watermark: String(upTo) };
      if (replaying) queued.push(frame);
      else send(frame, upTo);
    });
    ws.on('close', unsubscribe);
    ws.on('message', () => undefined);
    const backlog = await this.log.since(conversationId, watermark);
    if (backlog.activities.length > 0) send({ activities: backlog.activities, watermark: String(backlog.watermark) }, backlog.watermark);
    replaying = false;
    for (const frame of queued.splice(0)) send(frame, Number(frame.watermark));
  }
}
