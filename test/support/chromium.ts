import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The system Chromium the browser tests drive with playwright-core (no browser is ever downloaded). */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Starts the system Chromium, or skips the calling suite when it is not installed. mocha's skip
 * takes no reason, so the reason is printed: a skipped browser test must not pass for a green one.
 */
export async function launchChromiumOrSkip(suite: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    console.warn(`      skipped: ${CHROMIUM} not found (apt-get install -y --no-install-recommends chromium)`);
    suite.skip();
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Types a message into the Web Chat send box and sends it, as a customer would. */
export async function sayInWebChat(page: Page, text: string): Promise<void> {
  const sendBox = page.locator('[data-id="webchat-sendbox-input"], .webchat__send-box-text-box__input').first();
  await sendBox.fill(text);
  await sendBox.press('Enter');
}
