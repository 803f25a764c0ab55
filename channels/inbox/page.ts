import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Next, Request, Response, Server } from 'restify';
import { projectRoot } from '../shared/projectRoot';

/** The page loads only its own script and styles and talks only to this server. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const FILES = {
  '/inbox': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/inbox/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/inbox/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
} as const;

/** Serves the agent inbox page and its two assets (read once at start-up; the page holds no data). */
export function registerInboxPage(server: Server): void {
  const folder = join(projectRoot(__dirname), 'channels', 'inbox', 'public');
  for (const [route, asset] of Object.entries(FILES)) {
    const body = readFileSync(join(folder, asset.file));
    server.get(route, function inboxAsset(_req: Request, res: Response, next: Next): void {
      res.writeHead(200, {
        'content-type': asset.type,
        'content-length': body.length,
        'cache-control': 'no-cache',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(body);
      next();
    });
  }
}
