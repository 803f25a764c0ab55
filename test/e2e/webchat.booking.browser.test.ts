import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { createWebChatChannel } from '../../channels/webchat';
import { templates } from '../../dialogs/locales';
import { launchChromiumOrSkip, sayInWebChat } from '../support/chromium';
import { serverUnderTest } from '../support/server';

const OUTPUT = join(__dirname, '..', '..', 'test-output');
// Sunday 22 November 2026, 10:00 in Berlin: "tomorrow at 11" is a Monday with the stores open.
const clock = () => new Date('2026-11-22T09:00:00Z');
const NAME = '[pay here](https://evil.example) <b>Eve</b> *Smith*';
const CONTACT = 'eve@example.com';
const PHONE = { width: 375, height: 740 };
const en = templates.en;

/** Elements a customer's text must never become: links, emphasis, images, code, scripts. */
const MARKUP = 'a, b, strong, em, i, img, code, pre, script, del, s, h1, h2, h3, blockquote, ul, ol';

describe('web chat page in Chromium: a booking on a phone', function () {
  this.timeout(60_000);
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  let browser: Browser;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    running = await serverUnderTest({}, undefined, [createWebChatChannel], clock);
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  const bubble = (page: Page, text: string): Locator => page.locator('.webchat__bubble__content').filter({ hasText: text });

  it('shows every service button without sideways scrolling, and the summary with the typed name as text, one fact per line', async () => {
    const page = await browser.newPage({ locale: 'en-US', viewport: PHONE, isMobile: true, hasTouch: true });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${running.baseUrl}/`);
    await bubble(page, 'the virtual assistant of').first().waitFor({ timeout: 20_000 });

    await sayInWebChat(page, "hi, i'd like to book an appointment");
    await bubble(page, en.booking.askService).first().waitFor({ timeout: 10_000 });
    const buttons = page.locator('.webchat__suggested-actions button.webchat__suggested-action');
    await buttons.first().waitFor({ timeout: 10_000 });
    // Let the layout settle (Web Chat measures its carousel after the first paint).
    await page.waitForTimeout(300);
    const titles = await buttons.allInnerTexts();
    assert.deepEqual(titles.map((t) => t.trim()), ['Consultation (30 min)', 'Fitting (45 min)', 'Repair drop-off (15 min)']);
    for (const [i, title] of titles.entries()) {
      const box = await buttons.nth(i).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `"${title.trim()}" is on screen: ${JSON.stringify(box)}`);
    }
    const sideways = await page.evaluate(() => Array.from(document.querySelectorAll('.webchat__suggested-actions, .webchat__suggested-actions *')).some((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible'));
    assert.equal(sideways, false, 'nothing scrolls sideways');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page does not scroll sideways');
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'webchat-phone-buttons.png') });

    await buttons.nth(1).click();
    await bubble(page, en.booking.askStore).first().waitFor({ timeout: 10_000 });
    await sayInWebChat(page, 'berlin please');
    await bubble(page, en.booking.askTime).first().waitFor({ timeout: 10_000 });
    await sayInWebChat(page, 'tomorrow at 11');
    await bubble(page, en.booking.askName).first().waitFor({ timeout: 10_000 });
    await sayInWebChat(page, NAME);
    await bubble(page, en.booking.askContact).first().waitFor({ timeout: 10_000 });
    await sayInWebChat(page, CONTACT);

    const card = page.locator('.ac-adaptiveCard').filter({ hasText: en.booking.summaryTitle });
    await card.first().waitFor({ timeout: 10_000 });
    await bubble(page, en.booking.confirm).first().waitFor({ timeout: 10_000 });
    assert.equal(await card.locator(MARKUP).count(), 0, `no markup from the name: ${await card.innerHTML()}`);
    const lines = (await card.innerText()).split('\n').map((line) => line.replace(/\u200b/g, '').trim()).filter(Boolean);
    assert.equal(lines.length, 6, lines.join(' | '));
    assert.deepEqual([lines[0], lines[1], lines[4], lines[5]], [en.booking.summaryTitle, 'Fitting (45 min)', NAME, CONTACT]);
    assert.match(lines[2] ?? '', /^Berlin Mitte, \S/);
    assert.match(lines[3] ?? '', /23.*11:00/);
    await page.screenshot({ path: join(OUTPUT, 'webchat-phone-summary.png') });

    // The name comes back in message text too: the next greeting says it, as typed.
    await sayInWebChat(page, 'yes');
    await bubble(page, 'Booked!').first().waitFor({ timeout: 10_000 });
    await sayInWebChat(page, 'hello again');
    const greeting = bubble(page, 'How can I help you today?').last();
    await greeting.waitFor({ timeout: 10_000 });
    assert.equal(await greeting.locator(MARKUP).count(), 0, await greeting.innerHTML());
    assert.ok((await greeting.innerText()).includes(NAME), await greeting.innerText());
    assert.deepEqual(problems, []);
    await page.close();
  });
});
