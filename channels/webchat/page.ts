import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Next, Request, Response, Server } from 'restify';
import type { Locale } from '../../bots/config';
import { projectRoot } from '../shared/projectRoot';
import { pageHtml, preferredLocale } from './pageTexts';

const gzipAsync = promisify(gzip);

/**
 * Only this server: Web Chat is served by us (see webChatFolder), so the page works offline and loads
 * nothing from a CDN. Web Chat injects its styles at run time, hence 'unsafe-inline' for styles
 * only; connect-src names the stream's ws(s) origin because older browsers do not count it as 'self'.
 */
function contentSecurityPolicy(req: Request): string {
  const host = req.headers.host ?? '';
  const wsOrigin = /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self'${wsOrigin}`,
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

interface Asset {
  body: Buffer;
  type: string;
  /** Immutable assets are addressed with their version in the query, so they can be cached for a year. */
  immutable: boolean;
  etag: string;
  gzipped?: Promise<Buffer>;
}

/**
 * `npm run build` copies Web Chat into dist/vendor (scripts/vendor-webchat.js), so a production
 * install needs no botframework-webchat package. The copy is looked for beside the compiled code
 * (dist/channels/webchat/ → dist/vendor/), so a run from source (tests, ts-node) always takes the
 * installed dev dependency, never a stale build. Its exports map hides dist/webchat.js from
 * require.resolve, so the folder is found from its main entry.
 */
export function webChatFolder(where: { vendored?: string; root?: string } = {}): string {
  const vendored = where.vendored ?? join(__dirname, '..', '..', 'vendor', 'botframework-webchat');
  const root = where.root ?? projectRoot();
  if (existsSync(join(vendored, 'package.json'))) return vendored;
  let main: string;
  try {
    main = require.resolve('botframework-webchat', { paths: [root] });
  } catch (err) {
    throw new Error(`webChatFolder(): Web Chat is neither in ${vendored} nor installed; run \`npm run build\``, { cause: err });
  }
  return projectRoot(dirname(main));
}

/** One asset, or one per language picked for each request (then caches keep them apart by Vary). */
function serve(choose: Asset | ((req: Request) => { asset: Asset; language: string })) {
  return function serveAsset(req: Request, res: Response, next: Next): void {
    const chosen = typeof choose === 'function' ? choose(req) : undefined;
    const asset = chosen?.asset ?? (choose as Asset);
    const headers: Record<string, string | number> = {
      'content-type': asset.type,
      'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: asset.etag,
      vary: chosen ? 'Accept-Encoding, Accept-Language' : 'Accept-Encoding',
      ...(chosen ? { 'content-language': chosen.language } : {}),
      'content-security-policy': contentSecurityPolicy(req),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    };
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers);
      res.end();
      return next();
    }
    const wantsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && asset.body.length > 1024;
    // Web Chat is ~4 MB; compressed once, on first demand, off the event loop.
    const body = wantsGzip ? (asset.gzipped ??= gzipAsync(asset.body, { level: 9 })) : Promise.resolve(asset.body);
    body.then(
      (bytes) => {
        res.writeHead(200, { ...headers, 'content-length': bytes.length, ...(wantsGzip ? { 'content-encoding': 'gzip' } : {}) });
        res.end(bytes);
        next();
      },
      (err: unknown) => next(err instanceof Error ? err : new Error(`serveAsset(): ${String(err)}`)),
    );
  };
}

export interface PageOptions {
  shopName: string;
  /** The page's languages (SUPPORTED_LOCALES); the browser's Accept-Language picks one, else `defaultLocale`. */
  locales: readonly Locale[];
  defaultLocale: Locale;
}

/** GET / (the chat page) and the scripts it loads; all read once, at start-up. */
export function registerPageRoutes(server: Server, options: PageOptions): void {
  const publicDir = join(projectRoot(), 'channels', 'webchat', 'public');
  const webChatDir = webChatFolder();
  const version = (JSON.parse(readFileSync(join(webChatDir, 'package.json'), 'utf8')) as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error('registerPageRoutes(): botframework-webchat has no version');
  const read = (path: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new Error(`registerPageRoutes(): cannot read ${path}`, { cause: err });
    }
  };
  const template = read(join(publicDir, 'index.html')).toString('utf8');
  const page = (body: Buffer, type: string, immutable = false): Asset => ({
    body,
    type,
    immutable,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  });

  const pages = new Map(
    options.locales.map((locale) => {
      const html = pageHtml(template, locale, { shopName: options.shopName, webChatVersion: version, supported: options.locales });
      return [locale, page(Buffer.from(html, 'utf8'), 'text/html; charset=utf-8')] as const;
    }),
  );
  const fallback = pages.get(options.defaultLocale);
  if (!fallback) throw new Error(`registerPageRoutes(): the default locale ${options.defaultLocale} is not one of ${options.locales.join(', ')}`);
  // The first paint is already in the browser's language; app.js then follows navigator.languages and the conversation.
  server.get('/', serve((req: Request) => {
    const language = preferredLocale(req.headers['accept-language'], options.locales, options.defaultLocale);
    return { asset: pages.get(language) ?? fallback, language };
  }));
  server.get('/webchat/app.js', serve(page(read(join(publicDir, 'app.js')), 'text/javascript; charset=utf-8')));
  server.get('/webchat/style.css', serve(page(read(join(publicDir, 'style.css')), 'text/css; charset=utf-8')));
  server.get('/webchat/webchat.js', serve(page(read(join(webChatDir, 'dist', 'webchat.js')), 'text/javascript; charset=utf-8', true)));
  // Browsers ask for it on every page; an empty answer keeps their consoles free of 404s.
  server.get('/favicon.ico', (_req: Request, res: Response, next: Next) => {
    res.status(204);
    res.end();
    return next();
  });
}
