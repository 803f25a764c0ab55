import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import { templates } from '../../dialogs/locales';
import { ANNA, startMultiChannelServer, webChatVisitor, wholeStore } from '../support/multiChannelRun';

type Server = Awaited<ReturnType<typeof startMultiChannelServer>>;

/** Runs the erase the customer confirmed now, instead of the minute later it is due. */
async function runErasure(server: Server): Promise<void> {
  const jobs: string[] = [];
  for await (const key of server.running.storage.keys('scheduler/job/privacy-erase/')) jobs.push(key.slice('scheduler/job/'.length));
  assert.equal(jobs.length, 1, 'one erase was filed');
  const { scheduler } = server.running.app;
  const filed = await scheduler.get(jobs[0] ?? '');
  const delay = (filed?.dueAt ?? 0) - (filed?.createdAt ?? 0);
  assert.ok(delay > 59_000 && delay <= 60_000, `due a minute later, once the customer has read the confirmation (${delay} ms)`);
  await scheduler.reschedule(jobs[0] ?? '', scheduler.now);
  const job = await scheduler.runNow(jobs[0] ?? '');
  assert.equal(job?.status, 'done', JSON.stringify(job));
}

describe('A customer deletes their own data from the chat', function () {
  this.timeout(60_000);
  let server: Server;
  beforeEach(async () => {
    server = await startMultiChannelServer(new MemoryStore());
  });
  afterEach(() => server.stop());

  it('en: asks once, then the booking is cancelled (slot free again) and nothing of the conversation is left', async () => {
    const web = await webChatVisitor(server);
    await web.say('hi, can i book a consultation in krakow tomorrow at 11');
    await web.say('anna nowak');
    await web.say(ANNA.email, 2);
    await web.say('yes that is right');
    assert.deepEqual(await web.say('ok and now please delete all my data'), [templates.en.privacy.askConfirmHere]);
    assert.deepEqual(await web.say('yes go ahead'), [templates.en.privacy.scheduled]);
    const userId = web.userId();
    web.end();
    await runErasure(server);
    const left = await wholeStore(server.running.storage);
    for (const [key, item] of Object.entries(left)) {
      const text = `${decodeURIComponent(key)} ${JSON.stringify(item)}`.toLowerCase();
      for (const trace of [userId.toLowerCase(), ANNA.email, 'anna nowak', 'krakow tomorrow']) assert.ok(!text.includes(trace), `${key} still holds "${trace}"`);
    }
    const days = Object.entries(left).filter(([key]) => key.startsWith('booking/day/'));
    assert.ok(days.length > 0 && days.every(([, day]) => Object.values((day as { cells: Record<string, number> }).cells).every((n) => n === 0)), 'the appointment no longer takes its slot');
  });

  it('de without umlauts: "daten loschen" is understood, and "nein" keeps everything', async () => {
    const web = await webChatVisitor(server);
    await web.say('hallo, wo ist eure filiale in berlin');
    assert.deepEqual(await web.say('bitte alle meine daten loschen', 1), [templates.de.privacy.askConfirmHere]);
    assert.deepEqual(await web.say('nein doch nicht'), [templates.de.privacy.kept]);
    web.end();
    let filed = 0;
    for await (const key of server.running.storage.keys('scheduler/job/privacy-erase/')) filed += key.length > 0 ? 1 : 0;
    assert.equal(filed, 0, 'no erase was filed');
    assert.ok(Object.keys(await wholeStore(server.running.storage)).some((key) => key.startsWith('webchat/conversations/')), 'the conversation is still there');
  });

  it('pl without diacritics: "usun moje dane" asks, "tak" files the erase', async () => {
    const web = await webChatVisitor(server);
    assert.deepEqual(await web.say('dzien dobry, usun moje dane prosze'), [templates.pl.privacy.askConfirmHere]);
    assert.deepEqual(await web.say('tak'), [templates.pl.privacy.scheduled]);
    web.end();
    await runErasure(server);
    assert.ok(!Object.keys(await wholeStore(server.running.storage)).some((key) => key.startsWith('webchat/')), 'no web chat item is left');
  });
});
