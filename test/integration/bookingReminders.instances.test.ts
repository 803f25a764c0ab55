import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { jobKey } from '../../bots/scheduler/jobs';
import type { ManagedStorage } from '../../bots/state/types';
import { createWebChatChannel } from '../../channels/webchat';
import { directLineClient, generateToken } from '../support/directLineClient';
import { advanceWithRealTime, manualClock, type ManualClock } from '../support/manualClock';
import { serverUnderTest } from '../support/server';
import { sharedStoreFactories, type SharedStore } from '../support/sharedStores';

// Sunday 22 November 2026, 10:00 in Berlin; "tuesday at 11" has its 24-hour reminder on Monday at 10:00 UTC.
const START = Date.parse('2026-11-22T09:00:00Z');
const MONDAY_REMINDER = Date.parse('2026-11-23T10:00:00Z');
const ENV = { WEBCHAT_TOKEN_SECRET: 'reminder-test-secret-0123456789abcdef' };

type Running = Awaited<ReturnType<typeof serverUnderTest>>;

function start(storage: ManagedStorage, clock: ManualClock): Promise<Running> {
  return serverUnderTest(ENV, storage, [createWebChatChannel], () => new Date(clock.now()), undefined, {}, { scheduler: { clock, pollIntervalMs: 30 * 60_000 } });
}

const advanceTo = (clock: ManualClock, at: number) => advanceWithRealTime(clock, at, 20, 25);

/** The conversation's messages from the bot, read from whichever instance `baseUrl` is. */
async function botMessages(baseUrl: string, conversationId: string, token: string): Promise<string[]> {
  const res = await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities?watermark=0`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const { activities } = (await res.json()) as { activities: Partial<Activity>[] };
  return activities.filter((a) => a.type === 'message' && a.from?.role !== 'user').map((a) => a.text ?? '');
}

for (const factory of sharedStoreFactories().filter((f) => f.name !== 'memory')) {
  describe(`Booking reminders across restarts and instances (${factory.name} store)`, function () {
    this.timeout(120_000);
    let shared: SharedStore;
    const running: Running[] = [];
    beforeEach(async () => {
      shared = await factory.open();
    });
    afterEach(async () => {
      await Promise.all(running.splice(0).map((r) => r.stop()));
      await shared.close();
    });

    it('a reminder due while every instance was down is sent once when two start, and a rerun of its job sends nothing again', async () => {
      const clock = manualClock(START);
      const first = await start(await shared.handle(), clock);
      running.push(first);
      const { token, conversationId } = await generateToken(first.baseUrl, 'en-US');
      const client = directLineClient(first.baseUrl, token, { webSocket: false });
      let code: string | undefined;
      try {
        let seen = (await client.botReplies(1)).length;
        const say = async (text: string, replies: number) => {
          await client.say(text);
          const fresh = (await client.botReplies(seen + replies)).slice(seen);
          seen += replies;
          return fresh.map((a) => a.text ?? '');
        };
        await say('book me a fitting in berlin tuesday 11am', 1);
        await say('Jan Kowalski', 1);
        await say('+48 601 234 567', 2);
        code = /code is ([A-Z2-9]{6})/.exec((await say('yep', 1))[0] ?? '')?.[1];
        assert.ok(code);
      } finally {
        client.end();
      }
      await first.stop();
      running.splice(0);
      // Down over the reminder's time; then two instances start on the same store.
      clock.advanceTo(MONDAY_REMINDER + 30 * 60_000);
      const [second, third] = [await start(await shared.handle(), clock), await start(await shared.handle(), clock)];
      running.push(second, third);
      await advanceTo(clock, MONDAY_REMINDER + 40 * 60_000);
      const reminders = (await botMessages(third.baseUrl, conversationId, token)).filter((text) => text.startsWith('Reminder:'));
      assert.equal(reminders.length, 1, JSON.stringify(reminders));
      assert.ok(reminders[0]?.includes(`booking ${code}`));
      const id = `reminder/${code}/24h`;
      assert.deepEqual([(await second.app.scheduler.get(id))?.status, (await second.app.scheduler.get(id))?.outcome], ['done', 'sent']);

      // As if the instance that sent it died before writing the job's end: the job runs again.
      const storage = await shared.handle();
      const item = (await storage.read([jobKey(id)]))[jobKey(id)] as Record<string, unknown>;
      await storage.write({ [jobKey(id)]: { ...item, status: 'scheduled', leaseUntil: 0, outcome: undefined, finishedAt: undefined } });
      await second.app.scheduler.reschedule(id, clock.now());
      await advanceTo(clock, clock.now() + 5 * 60_000);
      assert.equal((await second.app.scheduler.get(id))?.outcome, 'already_sent');
      assert.equal((await botMessages(second.baseUrl, conversationId, token)).filter((text) => text.startsWith('Reminder:')).length, 1);
    });
  });
}
