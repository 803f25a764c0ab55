import getRawBody from 'raw-body';
import { escape } from 'html-escaper';
import type { Next, Request, Response, Server } from 'restify';
import type { Config, Locale } from '../../bots/config';
import { normaliseLocale } from '../../bots/pipeline/locale';
import type { Logger } from '../../bots/logger';
import { t } from '../../dialogs/locales';
import type { OptOuts } from '../../dialogs/optOuts';
import { UNSUBSCRIBE_ROUTE, type UnsubscribeLinks } from '../../dialogs/unsubscribe';

export interface UnsubscribeRouteDeps {
  config: Config;
  links: UnsubscribeLinks;
  optOuts: OptOuts;
  logger: Logger;
  clock: () => Date;
}

/** The one-click body is `List-Unsubscribe=One-Click` (RFC 8058); a form post from the page is as short. */
const BODY_LIMIT = 1024;

function page(res: Response, status: number, locale: Locale, title: string, body: string): void {
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1 style="font-size:1.3rem">${escape(title)}</h1>${body}</body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" });
  res.end(html);
}

const tokenOf = (req: Request): string => {
  const token: unknown = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token.slice(0, 2000) : '';
};

/**
 * `GET|POST /api/unsubscribe?token=…`: the link in a marketing mail's List-Unsubscribe header.
 * A mail client's unsubscribe button POSTs `List-Unsubscribe=One-Click` (RFC 8058) and the
 * customer is opted out at once; a GET (a person following the link, or a mail scanner
 * fetching it) only shows a page with a button, so a scanner never unsubscribes anyone.
 */
export function registerUnsubscribeRoute(server: Server, deps: UnsubscribeRouteDeps): void {
  const { config, links, optOuts } = deps;
  const shop = config.env.SHOP_NAME;
  const localeOf = (raw: string | undefined) => normaliseLocale(raw, config.supportedLocales) ?? config.defaultLocale;
  const invalid = (res: Response, locale: Locale) => page(res, 400, locale, t(locale, 'optOut.page.title', { shop }), `<p>${escape(t(locale, 'optOut.page.invalid'))}</p>`);

  server.get(UNSUBSCRIBE_ROUTE, (req: Request, res: Response, next: Next) => {
    const token = tokenOf(req);
    const target = links.read(token);
    if (!target) {
      invalid(res, config.defaultLocale);
      return next(false);
    }
    const locale = localeOf(target.locale);
    const what = t(locale, `optOut.page.what.${target.topic}`);
    const form = `<p>${escape(t(locale, 'optOut.page.ask', { shop, what }))}</p><form method="post" action="${UNSUBSCRIBE_ROUTE}?token=${encodeURIComponent(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escape(t(locale, 'optOut.page.button'))}</button></form>`;
    page(res, 200, locale, t(locale, 'optOut.page.title', { shop }), form);
    return next(false);
  });

  server.post(UNSUBSCRIBE_ROUTE, (req: Request, res: Response, next: Next) => {
    const target = links.read(tokenOf(req));
    void (async () => {
      try {
        await getRawBody(req, { limit: BODY_LIMIT, length: req.headers['content-length'] });
      } catch {
        page(res, 413, config.defaultLocale, t(config.defaultLocale, 'optOut.page.title', { shop }), '');
        return;
      }
      if (!target) return invalid(res, config.defaultLocale);
      const locale = localeOf(target.locale);
      try {
        await optOuts.optOut(target.customerKey, [target.topic], deps.clock().getTime());
      } catch (err) {
        deps.logger.error({ err }, 'POST /api/unsubscribe: the opt-out could not be saved');
        res.header('Retry-After', '5');
        page(res, 503, locale, t(locale, 'optOut.page.title', { shop }), '');
        return;
      }
      deps.logger.info({ topic: target.topic }, 'unsubscribed by link');
      page(res, 200, locale, t(locale, 'optOut.page.title', { shop }), `<p>${escape(t(locale, 'optOut.page.done', { shop, what: t(locale, `optOut.page.what.${target.topic}`) }))}</p>`);
    })().finally(() => next(false));
  });
}
