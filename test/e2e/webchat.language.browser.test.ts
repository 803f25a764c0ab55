import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createWebChatChannel } from '../../channels/webchat';
import { PAGE_TEXTS } from '../../channels/webchat/pageTexts';
import { templates } from '../../dialogs/locales';
import { launchChromiumOrSkip, sayInWebChat } from '../support/chromium';
import { serverUnderTest } from '../support/server';

/** Web Chat's own send-box placeholder in its en-US, de-DE and pl-PL localisations. */
const PLACEHOLDER = { en: 'Type your message', de: 'Nachricht eingeben', pl: 'Wpisz wiadomość' } as const;
const SHOP = 'Switchboard Demo Shop';

describe('web chat page in Chromium: its own texts in the customer\'s language', function () {
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

  const bubble = (page: Page, text: string) => page.locator('.webchat__bubble__content').filter({ hasText: text });
  const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"], .webchat__send-box-text-box__input').first();

  /** The page shows `locale`'s banner, title and language, and Web Chat its placeholder. */
  async function assertPageIn(page: Page, locale: keyof typeof PLACEHOLDER): Promise<void> {
    const texts = PAGE_TEXTS[locale];
    await page.locator('.banner p').filter({ hasText: texts.banner }).waitFor({ timeout: 10_000 });
    await page.waitForFunction((placeholder) => document.querySelector('[data-id="webchat-sendbox-input"], .webchat__send-box-text-box__input')?.getAttribute('placeholder') === placeholder, PLACEHOLDER[locale], { timeout: 10_000 });
    assert.equal(await page.title(), texts.title.replace('{{shopName}}', SHOP));
    assert.equal(await page.locator('html').getAttribute('lang'), locale);
    assert.equal(await page.locator('#webchat').getAttribute('aria-label'), texts.chatLabel.replace('{{shopName}}', SHOP));
    assert.equal(await sendBox(page).getAttribute('placeholder'), PLACEHOLDER[locale]);
  }

  it('a German browser gets the German page and greeting', async () => {
    const page = await browser.newPage({ locale: 'de-DE' });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    await page.goto(`${running.baseUrl}/`);
    await assertPageIn(page, 'de');
    await bubble(page, 'Ich bin der virtuelle Assistent').first().waitFor({ timeout: 20_000 });
    assert.deepEqual(problems, [], 'no script errors or CSP violations');
    await page.close();
  });

  it('navigator.languages outranks the language the page was served in', async () => {
    const page = await browser.newPage({ locale: 'pl-PL' });
    // Chromium derives Accept-Language from the same setting; the page request asks for English instead.
    await page.route(`${running.baseUrl}/`, (route) => route.continue({ headers: { ...route.request().headers(), 'accept-language': 'en' } }));
    const response = await page.goto(`${running.baseUrl}/`);
    assert.equal(response?.headers()['content-language'], 'en', 'served in English');
    await assertPageIn(page, 'pl');
    await bubble(page, 'Jestem wirtualnym asystentem').first().waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('an English page follows the conversation into Polish, and stays Polish after a reload', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    // The bot's activities as they arrive over the Direct Line stream, to see the locale they carry.
    const received: { type?: string; text?: string; locale?: string; from?: { role?: string } }[] = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        const text = typeof payload === 'string' ? payload : payload.toString('utf8');
        if (text.trim()) received.push(...((JSON.parse(text) as { activities?: typeof received }).activities ?? []));
      }),
    );
    await page.goto(`${running.baseUrl}/`);
    await assertPageIn(page, 'en');
    await bubble(page, 'the virtual assistant of').first().waitFor({ timeout: 20_000 });

    await sayInWebChat(page, 'mozemy rozmawiac po polsku?');
    await bubble(page, templates.pl.language.switched).first().waitFor({ timeout: 10_000 });
    const switched = received.find((activity) => activity.text === templates.pl.language.switched);
    assert.equal(switched?.locale, 'pl', 'the bot stamps its reply with the new language');
    await assertPageIn(page, 'pl');

    await sayInWebChat(page, 'jakie macie godziny otwarcia');
    await bubble(page, templates.pl.faq.didItHelp).first().waitFor({ timeout: 10_000 });
    await assertPageIn(page, 'pl');

    await page.reload();
    await bubble(page, templates.pl.faq.didItHelp).first().waitFor({ timeout: 20_000 });
    await assertPageIn(page, 'pl');
    await page.close();
  });
});
