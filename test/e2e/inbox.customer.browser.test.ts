import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { MemoryStore } from '../../bots/state/memoryStore';
import { launchChromiumOrSkip } from '../support/chromium';
import { ANNA_TOKEN, inboxClient } from '../support/inbox';
import { ANNA, startMultiChannelServer, telegramChat, webChatVisitor } from '../support/multiChannelRun';

describe('agent inbox in Chromium: one customer across channels', function () {
  this.timeout(90_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startMultiChannelServer>>;
  before(async function () {
    browser = await launchChromiumOrSkip(this);
    server = await startMultiChannelServer(new MemoryStore());
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the agent merges the Telegram customer into the web chat one and sees both conversations in one timeline', async () => {
    const web = await webChatVisitor(server);
    await web.say('can i talk to a person please');
    await web.say('the zip on my jacket broke');
    const telegram = telegramChat(server, ANNA.telegramId);
    await telegram('i need a human please');
    await telegram('same jacket as in the web chat, any news');
    web.end();
    const api = inboxClient(server.running.baseUrl, ANNA_TOKEN);
    await api.waitFor((c) => c.summary === 'same jacket as in the web chat, any news');

    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${server.running.baseUrl}/inbox`);
    await page.getByLabel('Agent token').fill(ANNA_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const conversation = (text: string) => page.locator('#conversations button').filter({ hasText: text }).first();

    // The Telegram conversation names its customer: the agent copies the id from there.
    await conversation('telegram').click();
    await page.locator('#detail-summary').filter({ hasText: 'same jacket' }).waitFor();
    const telegramCustomer = /Customer ([0-9a-f-]{36})/.exec((await page.locator('#person-meta').textContent()) ?? '')?.[1];
    assert.ok(telegramCustomer, 'the Telegram conversation shows its customer id');

    await conversation('webchat').click();
    await page.locator('#detail-summary').filter({ hasText: 'zip on my jacket' }).waitFor();
    assert.equal(await page.locator('#identities li').count(), 1, 'one channel before the merge');
    await page.getByLabel('Same person as customer (id)').fill(telegramCustomer);
    await page.getByRole('button', { name: 'Merge customers' }).click();
    await page.getByRole('status').filter({ hasText: 'Customers merged.' }).waitFor();

    await page.locator('#identities li').nth(1).waitFor();
    assert.deepEqual((await page.locator('#identities li').allTextContents()).map((t) => t.split(' ')[0]).sort(), ['telegram', 'webchat']);
    const timeline = await page.locator('#timeline li').allTextContents();
    assert.ok(timeline.some((line) => line.startsWith('webchat') && line.includes('the zip on my jacket broke')), timeline.join('\n'));
    assert.ok(timeline.some((line) => line.startsWith('telegram') && line.includes('same jacket as in the web chat, any news')), timeline.join('\n'));
    assert.equal(await page.getByRole('button', { name: 'Split off' }).count(), 2, 'either channel can be split off again');
    assert.deepEqual(problems, []);
  });
});
