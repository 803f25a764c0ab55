import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { KNOWN_LOCALES, type Locale } from '../../bots/config';
import { JsonFaqService } from '../faq/faqService';
import { NluRecognizer, type Analysis } from './recognizer';
import { recognizeEntities } from '../prompts/entities';
import { loadConfig } from '../../bots/config';
import { DIALOG_MODULES } from '..';
import { DialogRegistry } from '../registry';

/** Dates resolve in the shop's TIMEZONE, as the bot does. */
const timeZone = loadConfig().env.TIMEZONE;

/**
 * `npm run --silent nlu -- [--locale en|de|pl] [--now ISO] "text"`, `--batch` (JSON lines on
 * stdin) and `--eval FILE.jsonl`. Only JSON lines (or the eval report) go to stdout.
 */
interface Options {
  locale?: Locale;
  now?: Date;
  batch: boolean;
  evalFile?: string;
  text?: string;
}

function fail(message: string): never {
  process.stderr.write(`nlu: ${message}\n`);
  process.exit(2);
}

function parseLocale(value: unknown): Locale | undefined {
  return typeof value === 'string' ? KNOWN_LOCALES.find((l) => l === value.toLowerCase().slice(0, 2)) : undefined;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { batch: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--batch') options.batch = true;
    else if (arg === '--locale') options.locale = parseLocale(argv[++i]) ?? fail(`--locale takes one of ${KNOWN_LOCALES.join(', ')}`);
    else if (arg === '--eval') options.evalFile = argv[++i] ?? fail('--eval takes a file');
    else if (arg === '--now') {
      const now = new Date(argv[++i] ?? '');
      options.now = Number.isNaN(now.getTime()) ? fail('--now takes an ISO-8601 time') : now;
    } else words.push(arg);
  }
  if (words.length > 0) options.text = words.join(' ');
  return options;
}

async function line(nlu: NluRecognizer, text: string, locale: Locale | undefined, now: Date | undefined): Promise<string> {
  const analysis: Analysis = await nlu.analyse(text, locale);
  const out: Record<string, unknown> = { text: analysis.text, locale: analysis.locale, intent: analysis.intent, faq: analysis.faq, score: Number(analysis.score.toFixed(4)) };
  if (now) out.entities = await recognizeEntities(text, analysis.locale, now, timeZone);
  return JSON.stringify(out);
}

interface EvalRow {
  text: string;
  locale?: string;
  intent: string;
  faq?: string;
}

async function evaluate(nlu: NluRecognizer, file: string): Promise<void> {
  const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as EvalRow);
  const tally = new Map<string, { n: number; intentOk: number; faqN: number; faqOk: number; misses: string[] }>();
  for (const row of rows) {
    const result = await nlu.analyse(row.text, parseLocale(row.locale));
    const key = result.locale;
    const t = tally.get(key) ?? { n: 0, intentOk: 0, faqN: 0, faqOk: 0, misses: [] };
    t.n += 1;
    if (result.intent === row.intent) t.intentOk += 1;
    else t.misses.push(`  intent ${row.intent} → ${result.intent}: ${row.text}`);
    if (row.faq) {
      t.faqN += 1;
      if (result.faq === row.faq) t.faqOk += 1;
      else t.misses.push(`  faq ${row.faq} → ${String(result.faq)}: ${row.text}`);
    }
    tally.set(key, t);
  }
  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
  let all = { n: 0, intentOk: 0, faqN: 0, faqOk: 0 };
  for (const [locale, t] of [...tally].sort()) {
    process.stdout.write(`${locale}: intent ${pct(t.intentOk, t.n)} (${t.intentOk}/${t.n}), faq ${pct(t.faqOk, t.faqN)} (${t.faqOk}/${t.faqN})\n`);
    for (const miss of t.misses) process.stdout.write(`${miss}\n`);
    all = { n: all.n + t.n, intentOk: all.intentOk + t.intentOk, faqN: all.faqN + t.faqN, faqOk: all.faqOk + t.faqOk };
  }
  process.stdout.write(`all: intent ${pct(all.intentOk, all.n)} (${all.intentOk}/${all.n}), faq ${pct(all.faqOk, all.faqN)} (${all.faqOk}/${all.faqN})\n`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const nlu = new NluRecognizer(new JsonFaqService(), KNOWN_LOCALES, 'en', new DialogRegistry(DIALOG_MODULES));
  if (options.evalFile) return evaluate(nlu, options.evalFile);
  if (options.batch) {
    for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      if (!raw.trim()) continue;
      let input: { text?: unknown; locale?: unknown };
      try {
        input = JSON.parse(raw) as { text?: unknown; locale?: unknown };
      } catch {
        fail(`not a JSON line: ${raw.slice(0, 80)}`);
      }
      if (typeof input.text !== 'string') fail(`line without "text": ${raw.slice(0, 80)}`);
      process.stdout.write(`${await line(nlu, input.text, parseLocale(input.locale) ?? options.locale, options.now)}\n`);
    }
    return;
  }
  if (options.text === undefined) fail('usage: nlu [--locale en|de|pl] [--now ISO] "text" | --batch | --eval FILE.jsonl');
  process.stdout.write(`${await line(nlu, options.text, options.locale, options.now)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`nlu: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
