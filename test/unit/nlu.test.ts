import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JsonFaqService } from '../../dialogs/faq/faqService';

/** The topics design.md promises the sample knowledge base ships, in every locale. */
const FAQ_TOPICS = [
  'opening-hours', 'shipping-time', 'shipping-cost', 'order-tracking', 'return-policy', 'refund-time',
  'payment-methods', 'warranty', 'contact', 'gift-cards', 'change-order', 'privacy-data',
];
import { NluRecognizer } from '../../dialogs/nlu/recognizer';
import { DIALOG_MODULES } from '../../dialogs';
import { DialogRegistry } from '../../dialogs/registry';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const nlu = new NluRecognizer(new JsonFaqService(), ['en', 'de', 'pl'], 'en', new DialogRegistry(DIALOG_MODULES));

interface Row {
  text: string;
  locale: 'en' | 'de' | 'pl';
  intent: string;
  faq?: string;
}

describe('NLU (nlp.js, en/de/pl)', function () {
  this.timeout(30_000);
  before(() => nlu.warmUp());

  // Our own held-out phrasings, none of them in the training corpus.
  const rows = readFileSync(join(root, 'test', 'fixtures', 'nlu-heldout.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Row);
  for (const row of rows) {
    it(`${row.locale}: "${row.text}" → ${row.intent}${row.faq ? `/${row.faq}` : ''}`, async () => {
      const result = await nlu.analyse(row.text, row.locale);
      assert.equal(result.intent, row.intent);
      assert.equal(result.faq, row.faq ?? null);
    });
  }

  it('offers up to three FAQ topics, best first', async () => {
    const result = await nlu.analyse('shipping', 'en');
    assert.ok(result.topFaq.length > 0 && result.topFaq.length <= 3);
    const scores = result.topFaq.map((t) => t.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  });

  it('treats empty text as none', async () => {
    assert.equal((await nlu.analyse('   ', 'de')).intent, 'none');
  });

  const detection: [string, string][] = [
    ['Where is my parcel? I ordered it last week.', 'en'],
    ['Wo ist mein Paket? Ich habe letzte Woche bestellt.', 'de'],
    ['Gdzie jest moja paczka? Zamówiłem ją w zeszłym tygodniu.', 'pl'],
  ];
  for (const [text, expected] of detection) {
    it(`detects ${expected} when no locale is given`, async () => {
      assert.equal((await nlu.analyse(text)).locale, expected);
    });
  }
});

describe('FAQ knowledge base', () => {
  const faq = new JsonFaqService();
  for (const locale of ['en', 'de', 'pl'] as const) {
    it(`${locale} has all twelve topics, each with an answer and at least ten paraphrases`, () => {
      const entries = faq.entries(locale);
      assert.deepEqual(entries.map((e) => e.topic), [...FAQ_TOPICS]);
      for (const entry of entries) {
        assert.ok(entry.answer.length > 20, `${entry.topic} answer`);
        assert.ok(entry.paraphrases.length >= 10, `${entry.topic} has ${entry.paraphrases.length} paraphrases`);
      }
    });
  }
});

describe('nlu command', function () {
  this.timeout(60_000);
  const cli = ['--transpile-only', join(root, 'dialogs', 'nlu', 'cli.ts')];
  const tsNode = join(root, 'node_modules', '.bin', 'ts-node');

  it('prints one JSON line for one text', async () => {
    const { stdout } = await run(tsNode, [...cli, '--locale', 'de', 'Wann habt ihr geöffnet?'], { cwd: root });
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.deepEqual(Object.keys(JSON.parse(lines[0] ?? '{}')), ['text', 'locale', 'intent', 'faq', 'score']);
    assert.equal(JSON.parse(lines[0] ?? '{}').faq, 'opening-hours');
  });

  it('--batch answers every input line in order', async () => {
    const child = run(tsNode, [...cli, '--batch'], { cwd: root });
    child.child.stdin?.end(['{"text":"hi","locale":"en"}', '{"text":"Chcę zwrócić buty","locale":"pl"}', '{"text":"Mitarbeiter bitte"}'].join('\n'));
    const { stdout } = await child;
    const out = stdout.trim().split('\n').map((l) => JSON.parse(l) as { intent: string; locale: string });
    assert.deepEqual(out.map((o) => o.intent), ['greeting', 'returns', 'handover']);
    assert.equal(out[2]?.locale, 'de');
  });
});

describe('nlu command with --now', function () {
  this.timeout(60_000);
  it('adds entities resolved against the reference time in TIMEZONE', async () => {
    const { stdout } = await run(join(root, 'node_modules', '.bin', 'ts-node'), [
      '--transpile-only', join(root, 'dialogs', 'nlu', 'cli.ts'), '--locale', 'pl', '--now', '2026-11-22T10:00:00+01:00',
      'w przyszły wtorek o 15, tel 512 345 678, jan@example.com',
    ], { cwd: root, env: { ...process.env, TIMEZONE: 'Europe/Warsaw' } });
    const line = JSON.parse(stdout.trim()) as { entities: Record<string, unknown> };
    assert.deepEqual(line.entities, { datetime: '2026-11-24T15:00', number: null, email: 'jan@example.com', phone: '+48512345678' });
  });
});
