import assert from 'node:assert/strict';
import { createWebChatChannel } from '../../channels/webchat';
import { templates } from '../../dialogs/locales';
import { directLineClient, generateToken } from '../support/directLineClient';
import { serverUnderTest } from '../support/server';

// Sunday 22 November 2026, 10:00 in Berlin, so "morgen um 10" is a Monday with the stores open.
const clock = () => new Date('2026-11-22T09:00:00Z');
const de = templates.de.booking;

describe('transcript: booking an appointment in German through the web chat endpoint', function () {
  this.timeout(30_000);
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  before(async () => {
    running = await serverUnderTest({}, undefined, [createWebChatChannel], clock);
  });
  after(() => running.stop());

  it('greets, books a fitting in Berlin with buttons and free text, and confirms with a code', async () => {
    const { token } = await generateToken(running.baseUrl, 'de-DE');
    const client = directLineClient(running.baseUrl, token, { webSocket: true });
    let seen = 1;
    const next = async (): Promise<{ text: string; actions: string[]; attachments: number }> => {
      const replies = await client.botReplies(seen + 1);
      const reply = replies[seen];
      seen += 1;
      return {
        text: reply?.text ?? '',
        actions: (reply?.suggestedActions?.actions ?? []).map((a) => String(a.title)),
        attachments: reply?.attachments?.length ?? 0,
      };
    };
    try {
      await client.botReplies(1);
      await client.say('Ich möchte einen Termin buchen', 'de-DE');
      const service = await next();
      assert.equal(service.text, de.askService);
      assert.deepEqual(service.actions, ['Beratung (30 Min.)', 'Anprobe (45 Min.)', 'Reparaturannahme (15 Min.)']);
      await client.say('Anprobe (45 Min.)', 'de-DE');
      assert.equal((await next()).text, de.askStore);
      await client.say('Berlin Mitte', 'de-DE');
      assert.equal((await next()).text, de.askTime);
      await client.say('morgen um 10', 'de-DE');
      assert.equal((await next()).text, de.askName);
      await client.say('Anna Schmidt', 'de-DE');
      assert.equal((await next()).text, de.askContact);
      await client.say('anna.schmidt@example.de', 'de-DE');
      assert.equal((await next()).attachments, 1, 'summary card');
      assert.ok((await next()).text.startsWith(de.confirm));
      await client.say('ja', 'de-DE');
      const booked = await next();
      assert.match(booked.text, /^Gebucht! Ihr Buchungscode ist [A-HJ-NP-Z2-9]{6}\. Wir freuen uns auf Ihren Besuch am Mo\., 23\. Nov\. 2026, 10:00 in unserer Filiale Berlin Mitte/);
    } finally {
      client.end();
    }
  });
});
