import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Activity } from 'botbuilder';
import { directLineClient, generateToken } from '../support/directLineClient';
import { listeningUrl, type Started } from '../support/serverProcess';

const run = promisify(execFile);
const repoRoot = join(__dirname, '..', '..');
const npm = (args: string[], cwd: string) => run('npm', args, { cwd, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }, maxBuffer: 64 * 1024 * 1024 });

/** One web chat conversation; `say` resolves with the texts of the replies it brought. */
async function webChat(baseUrl: string, locale: string) {
  const { token } = await generateToken(baseUrl, locale);
  const client = directLineClient(baseUrl, token, { webSocket: false });
  let seen = (await client.botReplies(1)).length;
  return {
    async say(text: string, replies = 1): Promise<string[]> {
      await client.say(text, locale);
      const all = await client.botReplies(seen + replies);
      const fresh = all.slice(seen, seen + replies);
      seen += replies;
      return fresh.map((a: Partial<Activity>) => a.text ?? '');
    },
    end: () => client.end(),
  };
}

// The package as a developer gets it: `npm pack`, installed into an empty project holding only
// examples/bike-shop, built with that project's own TypeScript against the package's declarations,
// started as `node dist/index.js`, and talked to over Direct Line.
describe('examples/bike-shop, built on the packed package', function () {
  this.timeout(300_000);
  let work: string;
  let started: Started | undefined;
  let baseUrl: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'switchboard-example-'));
    await npm(['pack', '--silent', '--pack-destination', work], repoRoot);
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    const app = join(work, 'bike-shop');
    cpSync(join(repoRoot, 'examples', 'bike-shop'), app, { recursive: true, filter: (source) => !/node_modules|[\\/]dist$/.test(source) });
    await npm(['pkg', 'set', `dependencies.switchboard=file:${join(work, tarball)}`], app);
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], app);
    await npm(['run', 'build'], app);
    const child = spawn(process.execPath, ['dist/index.js'], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'info', KIOSK_KEY: 'workshop-tablet-key' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    started = { child, stdout: () => out, stderr: () => err, exited: new Promise((resolve) => child.once('exit', resolve)) };
    baseUrl = await listeningUrl(started, 60_000);
  });

  after(async () => {
    if (started && started.child.exitCode === null) {
      started.child.kill('SIGTERM');
      await started.exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('answers its own repair-status dialog in en, de and pl, the ticket taken from the first message or asked for', async () => {
    const en = await webChat(baseUrl, 'en-US');
    const de = await webChat(baseUrl, 'de-DE');
    const pl = await webChat(baseUrl, 'pl-PL');
    try {
      assert.deepEqual(await en.say('hi, is my bike ready? its r1042'), ['Good news: your Gazelle Medeo T10 (R-1042) is ready to collect. The repair costs €84.50.']);
      assert.deepEqual(await de.say('wie weit ist die reparatur von meinem rad'), ['Wie lautet Ihre Auftragsnummer? Sie steht auf Ihrem Beleg, zum Beispiel R-1042.']);
      assert.deepEqual(await de.say('keine ahnung'), ['Eine Auftragsnummer sieht so aus: R-1042. Welche steht auf Ihrem Beleg?']);
      assert.deepEqual(await de.say('r 1043'), ['Ihr Cube Touring (R-1043) wartet auf ein Ersatzteil. Wir erwarten es am 9. Dezember und sagen Ihnen Bescheid, sobald das Rad fertig ist.']);
      assert.deepEqual(await pl.say('czy moj rower jest juz naprawiony'), ['Jaki jest numer zlecenia naprawy? Znajduje się na paragonie, na przykład R-1042.']);
      assert.deepEqual(await pl.say('R-1044'), ['Mechanik właśnie naprawia rower Riese & Müller Load 75 (R-1044). Powinien być gotowy 4 grudnia.']);
      assert.deepEqual(await en.say('and is the bike with ticket r-1099 ready'), ['I cannot find ticket R-1099. Please check the number on your receipt, or type "agent" to talk to the workshop.']);
    } finally {
      en.end();
      de.end();
      pl.end();
    }
  });

  it('answers from the shop\'s own knowledge base, and the built-in dialogs still run', async () => {
    const en = await webChat(baseUrl, 'en-US');
    try {
      const [price, helped] = await en.say('i have a flat tyre, how much is that', 2);
      assert.match(price ?? '', /^A puncture repair costs 15 € for the front wheel/);
      assert.equal(helped, 'Did this answer your question?');
      assert.deepEqual(await en.say('yes thanks'), ['Glad I could help! Anything else?']);
      const [help] = await en.say('help');
      assert.match(help ?? '', /\n• finding out where your bike is in the workshop \("is my bike ready\? R-1042"\)\n/);
      assert.match(help ?? '', /\n• questions, for example: workshop opening hours, puncture repair, and e-bike service\n/);
      const [order] = await en.say('i want to return something');
      assert.match(order ?? '', /order number/i);
      assert.deepEqual(await en.say('cancel'), ["OK, I've stopped that. What else can I do for you?"]);
      // The workshop's own services and hours: an inspection at its one workshop, which is closed on Mondays.
      const [closed, offer] = await en.say('id like to book an inspection for monday at 11', 2);
      assert.match(closed ?? '', /closed/i);
      assert.equal(offer, 'These times are free nearby. Which one suits you?');
      assert.deepEqual(await en.say('the first one'), ['What name should I put the booking under?']);
    } finally {
      en.end();
    }
  });
  it('serves its own channel beside the built-in ones: the workshop tablet gets the replies in the answer', async () => {
    const kiosk = (body: unknown, key = 'workshop-tablet-key') =>
      fetch(`${baseUrl}/api/kiosk`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kiosk-key': key }, body: JSON.stringify(body) });
    const answer = await kiosk({ kiosk: 'tablet-1', text: 'ist mein rad schon fertig? auftrag r1045', locale: 'de-DE' });
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { replies: [{ text: 'Ihr Brompton C Line (R-1045) ist in der Werkstatt angekommen und wartet auf einen Mechaniker.', buttons: [] }] });
    const refused = await kiosk({ kiosk: 'tablet-1', text: 'hallo' }, 'guessed');
    assert.equal(refused.status, 401);
    const malformed = await kiosk({ kiosk: '../../etc', text: 'hallo' });
    assert.equal(malformed.status, 400);
  });
});
