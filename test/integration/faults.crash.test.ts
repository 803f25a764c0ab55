import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { deliverUntilAccepted, settled } from '../support/faultClock';
import { CUSTOMERS, type Customer } from '../support/faultScenario';
import { listeningUrl, startProcess, type Started } from '../support/serverProcess';
import { freePort } from '../support/freePort';

const TOKEN = '123456:crash-token';
const SECRET = 'crash-webhook-secret';
const KILLS = 5;
/** Copies of each scripted customer per round, so a dozen chats are sending when the process dies. */
const COPIES = 3;
/** The fake Bot API takes each message at once and answers this much later, as over a network. */
const ANSWER_DELAY_MS = 40;
/** A send whose copy was taken this close before a kill counts as in flight (kills are seconds apart). */
const IN_FLIGHT_WINDOW_MS = 1000;


let updateId = 500_000;
function update(chat: number, customer: Customer, text: string) {
  updateId += 1;
  return { update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Kim', language_code: customer.language }, text } };
}

describe('kill -9 with sends in flight: every message answered after the restart, nothing lost', function () {
  this.timeout(240_000);
  let dataDir: string;
  let fake: Awaited<ReturnType<typeof startFakeTelegramApi>>;
  let port: number;
  let server: Started | undefined;

  const start = async () => {
    server = startProcess({ STORAGE: 'file', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info', TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' });
    await listeningUrl(server, 60_000);
  };
  const kill = async () => {
    const dying = server;
    if (!dying) return;
    dying.child.kill('SIGKILL');
    await dying.exited;
  };
  /** Telegram's side: each chat's updates in order, each until the webhook answers 2xx. */
  const converse = (chat: number, customer: Customer) => async () => {
    for (const text of customer.says) {
      const body = JSON.stringify(update(chat, customer, text));
      await deliverUntilAccepted(() => fetch(`http://127.0.0.1:${port}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body, signal: AbortSignal.timeout(5000) }), 120_000);
    }
  };
  const received = (chat: number) => fake.delivered().filter((call) => call.payload.chat_id === chat);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
    fake = await startFakeTelegramApi(TOKEN, undefined, ANSWER_DELAY_MS);
    port = await freePort();
    await start();
  });
  after(async () => {
    await kill();
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${KILLS} kills mid-conversation: each chat gets every answer, in order; only a send in flight at a kill can come twice`, async () => {
    const chatsOf = (round: number) => CUSTOMERS.flatMap((customer, c) => Array.from({ length: COPIES }, (_, k) => ({ chat: 80_000 + round * 100 + c * 10 + k, customer })));
    // Round 0 runs without a kill: what every scripted customer receives when nothing goes wrong.
    await Promise.all(chatsOf(0).map(({ chat, customer }) => converse(chat, customer)()));
    await settled(() => fake.delivered().length, 800);
    const expected = new Map(CUSTOMERS.map((customer, c) => [customer.id, received(80_000 + c * 10).map((call) => String(call.payload.text))]));
    for (const { chat, customer } of chatsOf(0)) assert.deepEqual(received(chat).map((call) => String(call.payload.text)), expected.get(customer.id));

    const killedAt: number[] = [];
    for (let round = 1; round <= KILLS; round += 1) {
      const talking = Promise.all(chatsOf(round).map(({ chat, customer }) => converse(chat, customer)()));
      // Sends go out while the chats talk; the kill lands among them.
      const before = fake.delivered().length;
      while (fake.delivered().length < before + 4 + round) await new Promise((resolve) => setTimeout(resolve, 2));
      await kill();
      // When the process was gone: a message Telegram took up to then may have no delivery mark.
      killedAt.push(Date.now());
      await start();
      await talking;
    }
    await settled(() => fake.delivered().length, 1500, 60_000);

    let doubled = 0;
    let widestGap = 0;
    for (let round = 1; round <= KILLS; round += 1) {
      for (const { chat, customer } of chatsOf(round)) {
        const calls = received(chat);
        const texts = calls.map((call) => String(call.payload.text));
        const want = expected.get(customer.id) ?? [];
        // Collapse a message sent twice in a row: the only duplicate the design allows, and only
        // when the first copy was taken by Telegram just before a kill (its answer never came back).
        const kept = calls.filter((call, i) => {
          if (i === 0 || texts[i] !== texts[i - 1]) return true;
          const first = calls[i - 1];
          // Taken by Telegram, then the kill before the delivery mark was written: the answer's round
          // trip plus the mark's write, longer on a loaded machine, but never far from a kill.
          const gap = Math.min(...killedAt.map((at) => (first !== undefined && first.at <= at ? at - first.at : Infinity)));
          const inFlight = gap < IN_FLIGHT_WINDOW_MS;
          widestGap = Math.max(widestGap, gap);
          assert.ok(inFlight, `chat ${chat}: "${texts[i]}" came twice, but its first copy was not in flight at a kill`);
          doubled += 1;
          return false;
        });
        assert.deepEqual(kept.map((call) => String(call.payload.text)), want, `chat ${chat} (${customer.language}) after round ${round}`);
      }
    }
    assert.ok(doubled <= KILLS * chatsOf(1).length, `${doubled} doubled`);
    console.log(`      ${KILLS} kills: ${chatsOf(1).length * KILLS} chats, ${doubled} message(s) sent twice (taken at most ${widestGap} ms before a kill), none lost`);
  });
});
