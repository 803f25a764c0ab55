import { createReadStream, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Request, Response, Server, Next } from 'restify';
import { projectRoot } from '../shared/projectRoot';

/**
 * Only `self`: Web Chat is served from node_modules, so the page works offline and loads nothing
 * from a CDN. Web Chat injects its styles at run time, hence 'unsafe-inline' for styles only.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "font-src 'self' data:",
  "frame-ancestors 'self'",
].join('; ');

interface StaticFile {
  path: string;
  type: string;
  maxAgeSeconds: number;
}

/**
 * botframework-webchat's exports map hides dist/webchat.js and even package.json, so the package
 * folder is found from its main entry.
 */
function webChatBundle(): string {
  const main = require.resolve('botframework-webchat', { paths: [projectRoot()] });
  return join(projectRoot(dirname(main)), 'dist', 'webchat.js');
}

function serveFile(file: StaticFile) {
  const size = statSync(file.path).size;
  return function serveStatic(_req: Request, res: Response, next: Next): void {
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': size,
      'cache-control': file.maxAgeSeconds > 0 ? `public, max-age=${file.maxAgeSeconds}` : 'no-cache',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    const stream = createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
    stream.on('end', () => next());
  };
}

/** GET / (the chat page) and the scripts it loads. */
export function registerPageRoutes(server: Server): void {
  const publicDir = join(projectRoot(), 'channels', 'webchat', 'public');
  server.get('/', serveFile({ path: join(publicDir, 'index.html'), type: 'text/html; charset=utf-8', maxAgeSeconds: 0 }));
  server.get('/webchat/app.js', serveFile({ path: join(publicDir, 'app.js'), type: 'text/javascript; charset=utf-8', maxAgeSeconds: 0 }));
  server.get('/webchat/style.css', serveFile({ path: join(publicDir, 'style.css'), type: 'text/css; charset=utf-8', maxAgeSeconds: 0 }));
  // Browsers ask for it on every page; an empty answer keeps their consoles free of 404s.
  server.get('/favicon.ico', (_req: Request, res: Response, next: Next) => {
    res.status(204);
    res.end();
    return next();
  });
  server.get('/webchat/webchat.js', serveFile({ path: webChatBundle(), type: 'text/javascript; charset=utf-8', maxAgeSeconds: 86_400 }));
}
