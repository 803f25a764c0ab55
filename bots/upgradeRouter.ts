import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Writes a plain HTTP answer on a socket that asked to upgrade, then closes it for good. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ code: reason.replace(/\s/g, ''), message: reason });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, () => socket.destroy());
}

/**
 * The one 'upgrade' listener on the HTTP server: hands each WebSocket upgrade to the route
 * registered for its path and answers every other with 404, closing the socket. Node leaves an
 * upgrade request nobody answers open for good, and restify adds a listener of its own, so a
 * listener that only answered "when nobody else listens" never answered at all: each such request
 * held a descriptor until the server ran out.
 */
export class UpgradeRouter {
  private readonly routes: { prefix: string; handler: UpgradeHandler }[] = [];

  constructor(server: HttpServer) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.dispatch(req, socket, head));
  }

  /** `prefix` is a path prefix such as `/v3/directline/`; the first registered match wins. */
  register(prefix: string, handler: UpgradeHandler): void {
    this.routes.push({ prefix, handler });
  }

  private dispatch(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node removes its own error handler from upgrading sockets; a reset must not crash us.
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = this.routes.find((candidate) => path.startsWith(candidate.prefix));
    if (!route) return refuseUpgrade(socket, 404, 'Not Found');
    route.handler(req, socket, head);
  }
}
