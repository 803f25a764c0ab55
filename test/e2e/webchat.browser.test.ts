import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createWebChatChannel } from '../../channels/webchat';
import { launchChromiumOrSkip, sayInWebChat } from '../support/chromium';
import { serverUnderTest } from '../support/server';

const OUTPUT = join(__dirname, '..', '..', 'test-output');

describe('web chat page in Chromium', function () {
  this.timeout(60_000);
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  let browser: Browser;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    running = await serverUnderTest({}, undefined, [createWebChatChannel]);
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('greets, answers a typed message, and keeps the conversation on reload', async () => {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 900, height: 800 } });
    const blocked: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      // blob: URLs are Web Chat's own in-page workers; everything else must come from this server.
      if (!url.startsWith(running.baseUrl) && !url.startsWith(`blob:${running.baseUrl}`)) blocked.push(url);
    });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${running.baseUrl}/`);
    assert.match(await page.title(), /Customer service chat/);
    // Bubbles only: Web Chat also mirrors each message into a screen-reader live region.
    const bubble = (text: string) => page.locator('.webchat__bubble__content').filter({ hasText: text });
    await bubble('the virtual assistant of').first().waitFor({ timeout: 20_000 });

    await sayInWebChat(page, 'help');
    await bubble('I can help you with').first().waitFor({ timeout: 10_000 });

    // Web Chat hides its "Connecting…" notice a moment after it is online; wait for it.
    await page.waitForFunction(() => !document.body.innerText.includes('Connecting'), undefined, { timeout: 10_000 });
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'webchat.png') });
    assert.deepEqual(blocked, [], 'the page loads nothing from outside this server');

    await page.reload();
    await bubble('I can help you with').first().waitFor({ timeout: 20_000 });
    assert.equal(await bubble('the virtual assistant of').count(), 1, 'greeted once, not again on reload');
    assert.deepEqual(problems, [], 'no script errors or CSP violations');
    await page.close();
  });
});
