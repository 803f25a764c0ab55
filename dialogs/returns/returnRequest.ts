import type { Locale } from '../../bots/config';
import { t, type TemplateKey } from '../locales';
import { findPhrase, recognizeEmail, type ChoiceOption } from '../prompts';
import './texts';

export const REASONS = ['fit', 'damaged', 'wrong', 'mind', 'other'] as const;
export type ReturnReason = (typeof REASONS)[number];
export const RESOLUTIONS = ['refund', 'exchange'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** What a message says about the return it asks for ("the rain jacket from order 100234 doesnt fit"). */
export interface ReturnSlots {
  orderNumber?: string;
  /** The order's e-mail address or postcode. */
  proof?: string;
  reason?: ReturnReason;
  resolution?: Resolution;
  /** The size or variant wanted in exchange ("size l", "in M"). */
  exchangeFor?: string;
}

const ORDER_NUMBER = /(?:^|[^\d-])#?(\d{6})(?!\d)/u;
const POSTCODE = /(?:^|\s)(\d{2}-\d{3}|\d{5})(?!\d)/u;
const SIZE: Record<Locale, RegExp> = {
  en: /\b(?:size|in|for(?:\s+an?)?(?:\s+size)?)\s+(xxs|xs|s|m|l|xl|xxl|\d{2})\b/iu,
  de: /\b(?:gr(?:ö|oe|o)(?:ß|ss|s)e|gegen(?:\s+(?:eine|ein|größe|groesse))?|in)\s+(xxs|xs|s|m|l|xl|xxl|\d{2})\b/iu,
  pl: /\b(?:rozmiar(?:u|em|ze)?|na(?:\s+rozmiar)?)\s+(xxs|xs|s|m|l|xl|xxl|\d{2})\b/iu,
};

/** Words for an option from the locale file: "too small|too big|doesnt fit". */
function words(locale: Locale, key: TemplateKey): string[] {
  return t(locale, key).split('|').map((w) => w.trim()).filter(Boolean);
}

export function reasonOptions(locale: Locale): ChoiceOption[] {
  return REASONS.map((r) => ({ title: t(locale, `returns.reasons.${r}`), synonyms: words(locale, `returns.words.${r}`) }));
}

export function resolutionOptions(locale: Locale): ChoiceOption[] {
  return RESOLUTIONS.map((r) => ({ title: t(locale, `returns.${r}`), synonyms: words(locale, `returns.words.${r}`) }));
}

export function allItemsOption(locale: Locale): ChoiceOption {
  return { title: t(locale, 'returns.allItems'), synonyms: words(locale, 'returns.words.all') };
}

/** The order number in a message: six digits anywhere ("it's order 100412", "#100234"). */
export function orderNumberIn(text: string): string | undefined {
  return ORDER_NUMBER.exec(text)?.[1];
}

export function readReturnSlots(text: string, locale: Locale): ReturnSlots {
  const slots: ReturnSlots = {};
  const orderNumber = orderNumberIn(text);
  if (orderNumber) slots.orderNumber = orderNumber;
  const rest = orderNumber ? text.replace(orderNumber, ' ') : text;
  const proof = recognizeEmail(rest) ?? POSTCODE.exec(rest)?.[1];
  if (proof) slots.proof = proof;
  // "Other reason" is only ever an answer: in a sentence, "something" or "another" say nothing about why.
  const reason = findPhrase(rest, reasonOptions(locale).slice(0, -1));
  if (reason && 'index' in reason) slots.reason = REASONS[reason.index];
  const resolution = findPhrase(rest, resolutionOptions(locale));
  if (resolution && 'index' in resolution) slots.resolution = RESOLUTIONS[resolution.index];
  const size = SIZE[locale].exec(rest)?.[1];
  if (size && slots.resolution === 'exchange') slots.exchangeFor = size.toUpperCase();
  return slots;
}
