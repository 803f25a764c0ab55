import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createWebChatChannel } from '../../channels/webchat';
import { templates } from '../../dialogs/locales';
import { ANNA_TOKEN, INBOX_ENV } from '../support/inbox';
import { serverUnderTest } from '../support/server';
import { launchChromiumOrSkip, sayInWebChat } from '../support/chromium';

/**
 * test-output/ by default, so `npm test` leaves a clean clone clean; `npm run screenshots`
 * (scripts/refresh-screenshots.ts) points this at docs/ to refresh the README's picture.
 */
const SCREENSHOT_DIR = process.env.SWITCHBOARD_SCREENSHOT_DIR ?? join(__dirname, '..', '..', 'test-output');
const README_PICTURE = join(__dirname, '..', '..', 'docs', 'inbox.png');
const modifiedAt = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;
const INJECTION = 'Refund <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> please';
const en = templates.en.handover;

describe('agent inbox page in Chromium', function () {
  this.timeout(90_000);
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  let browser: Browser;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    running = await serverUnderTest({ ...INBOX_ENV, SHOP_NAME: 'Demo Shop' }, new MemoryStore(), [createWebChatChannel]);
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('an agent claims a web chat conversation, replies, the customer sees it, resolve brings the bot back; customer HTML stays text', async () => {
    const pictureBefore = modifiedAt(README_PICTURE);
    const startedAt = Date.now();
    const customer = await browser.newPage({ locale: 'en-US', viewport: { width: 700, height: 800 } });
    const bubble = (text: string) => customer.locator('.webchat__bubble__content').filter({ hasText: text });
    await customer.goto(`${running.baseUrl}/`);
    await bubble('the virtual assistant of').first().waitFor({ timeout: 20_000 });
    await sayInWebChat(customer, 'agent');
    await bubble('In one line, what is it about?').first().waitFor({ timeout: 10_000 });
    await sayInWebChat(customer, INJECTION);
    await bubble('number 1 in line').first().waitFor({ timeout: 10_000 });

    const agent = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    agent.on('pageerror', (err) => problems.push(err.message));
    agent.on('console', (message) => {
      if (message.type() === 'error' && !/status of 40[19]/.test(message.text())) problems.push(message.text());
    });
    await agent.goto(`${running.baseUrl}/inbox`);
    assert.equal(await agent.title(), 'Agent inbox');
    await agent.getByLabel('Agent token').fill(ANNA_TOKEN);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByText('Signed in as Anna').waitFor();

    const item = agent.locator('#conversations button').filter({ hasText: 'waiting' }).first();
    await item.waitFor();
    assert.match((await item.textContent()) ?? '', /webchat/);
    await item.click();
    await agent.locator('#detail-summary').filter({ hasText: 'Refund' }).waitFor();
    assert.equal(await agent.locator('#detail-summary').textContent(), INJECTION, 'shown as text, exactly as typed');
    assert.equal(await agent.locator('#detail img, #conversations img, #detail script').count(), 0, 'no element made from customer text');
    assert.equal(await agent.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no customer script ran');

    await agent.getByRole('button', { name: 'Claim' }).click();
    await agent.locator('#detail-meta').filter({ hasText: 'with Anna' }).waitFor();
    await bubble(en.agentJoined.replace('{{name}}', 'Anna')).first().waitFor({ timeout: 10_000 });
    await agent.getByLabel('Canned reply').selectOption({ label: 'Greeting' });
    assert.match(await agent.getByLabel('Reply to the customer').inputValue(), /thanks for waiting/);
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await bubble('Hello, thanks for waiting!').first().waitFor({ timeout: 10_000 });
    // A different sender from the bot: the reply starts a group of its own, with Anna's initials as
    // its avatar, while the join notice just before it sits in the bot's group without one.
    const activityWith = (text: string) => customer.locator('.webchat__stacked-layout').filter({ has: bubble(text) }).last();
    const avatarOf = (text: string) => activityWith(text).locator('.webchat__stacked-layout__main > .webchat__stacked-layout__avatar-gutter');
    const reply = activityWith('Hello, thanks for waiting!');
    assert.match((await reply.getAttribute('class')) ?? '', /webchat__stacked-layout--show-avatar/, 'the reply opens a sender group');
    assert.equal((await avatarOf('Hello, thanks for waiting!').textContent())?.trim(), 'A', "Anna's initials");
    assert.match((await activityWith('has joined the conversation').getAttribute('class')) ?? '', /webchat__stacked-layout--hide-avatar/, 'the notice continues the bot\'s group');
    assert.equal((await avatarOf('number 1 in line').textContent())?.trim(), 'CS', "the bot's initials stay the bot's");
    const badge = await avatarOf('Hello, thanks for waiting!').evaluate((node) => getComputedStyle(node).borderRadius);
    assert.equal(badge, '50%', 'drawn as a round badge like the bot\'s avatar');

    // The customer answers; the inbox shows it without a reload (server-sent events).
    await sayInWebChat(customer, 'Great, thank you!');
    await agent.locator('#transcript li.customer').filter({ hasText: 'Great, thank you!' }).waitFor({ timeout: 10_000 });
    await agent.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const screenshot = join(SCREENSHOT_DIR, 'inbox.png');
    await agent.screenshot({ path: screenshot });
    assert.ok((modifiedAt(screenshot) ?? 0) >= startedAt - 1000, `screenshot written to ${screenshot}`);
    if (screenshot !== README_PICTURE) assert.equal(modifiedAt(README_PICTURE), pictureBefore, 'the tracked docs/inbox.png is left alone');

    await agent.getByRole('button', { name: 'Resolve' }).click();
    await bubble('Anna has finished the conversation').first().waitFor({ timeout: 10_000 });
    await bubble(en.rate.slice(0, 30)).first().waitFor({ timeout: 10_000 });
    await sayInWebChat(customer, '5');
    await bubble(en.thanks).first().waitFor({ timeout: 10_000 });
    assert.deepEqual(problems, [], 'no script errors on the inbox page');
    await agent.close();
    await customer.close();
  });
});
