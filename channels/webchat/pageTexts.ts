import { escape } from 'html-escaper';
import type { Locale } from '../../bots/config';
import { normaliseLocale } from '../../bots/pipeline/locale';
import de from './locales/de.json';
import en from './locales/en.json';
import pl from './locales/pl.json';

/**
 * The web chat page's own texts (title, banner, notices) and Web Chat's locale, one file per
 * language; en.json is the reference the others match key for key (checked here by the type).
 */
export type PageTexts = typeof en;
export const PAGE_TEXTS: Record<Locale, PageTexts> = { en, de, pl };

/** What app.js reads from the page: the language it was served in and every language's texts. */
export interface PageConfig {
  locale: Locale;
  texts: Partial<Record<Locale, PageTexts>>;
}

/**
 * The supported language the browser ranks highest in Accept-Language ("pl-PL,pl;q=0.9,en;q=0.8"),
 * else the fallback. Hand-written: negotiator is in node_modules only as restify's dependency.
 */
export function preferredLocale(acceptLanguage: string | undefined, supported: readonly Locale[], fallback: Locale): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((range, index) => {
      const [tag, ...params] = range.split(';');
      const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      return { locale: normaliseLocale(tag, supported), weight: q === undefined ? 1 : Number(q.slice(2)), index };
    })
    .filter((entry) => entry.locale !== undefined && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked[0]?.locale ?? fallback;
}

function withShopName(texts: PageTexts, shopName: string): PageTexts {
  return Object.fromEntries(Object.entries(texts).map(([key, text]) => [key, text.replaceAll('{{shopName}}', shopName)])) as PageTexts;
}

/**
 * index.html in one language. Texts are HTML-escaped; the page script gets every supported
 * language's texts as a JSON data block (not a script: the CSP allows no inline script), where
 * escaping "<" keeps anything in it from closing the block.
 */
export function pageHtml(template: string, locale: Locale, page: { shopName: string; webChatVersion: string; supported: readonly Locale[] }): string {
  const texts = withShopName(PAGE_TEXTS[locale], page.shopName);
  const config: PageConfig = { locale, texts: Object.fromEntries(page.supported.map((l) => [l, withShopName(PAGE_TEXTS[l], page.shopName)])) };
  const values: Record<string, string> = {
    lang: locale,
    title: escape(texts.title),
    skip: escape(texts.skip),
    banner: escape(texts.banner),
    chatLabel: escape(texts.chatLabel),
    noscript: escape(texts.noscript),
    shopName: escape(page.shopName),
    webChatVersion: encodeURIComponent(page.webChatVersion),
    pageConfig: JSON.stringify(config).replace(/</g, '\\u003c'),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (placeholder, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`pageHtml(): index.html names an unknown placeholder ${placeholder}`);
    return value;
  });
}
