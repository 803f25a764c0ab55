import assert from 'node:assert/strict';
import { MessageFactory, type Activity } from 'botbuilder';
import { AZURE_CAPABILITIES, renderForBotFramework } from '../../channels/azure/renderer';
import { EMAIL_CAPABILITIES, renderEmail } from '../../channels/email/renderer';
import { MESSENGER_CAPABILITIES, renderForMessenger } from '../../channels/messenger/renderer';
import { renderForTelegram, TELEGRAM_CAPABILITIES } from '../../channels/telegram/renderer';
import { renderForWebChat, WEBCHAT_CAPABILITIES } from '../../channels/webchat/renderer';

const options = (count: number) => Array.from({ length: count }, (_, i) => `Slot ${i + 1}`);
const question = (count: number, locale = 'en'): Partial<Activity> => ({ ...MessageFactory.suggestedActions(options(count), 'Which time suits you?'), locale });

/** What each renderer shows for a question: how many buttons, and the text the customer reads. */
const shown: Record<string, (activity: Partial<Activity>) => { buttons: number; text: string }> = {
  webchat: (a) => {
    const out = renderForWebChat(a);
    return { buttons: out.suggestedActions?.actions.length ?? 0, text: out.text ?? '' };
  },
  azure: (a) => {
    const out = renderForBotFramework(a);
    return { buttons: out.suggestedActions?.actions.length ?? 0, text: out.text ?? '' };
  },
  telegram: (a) => {
    const { calls } = renderForTelegram(a);
    const keyboard = calls.flatMap((call) => (call.payload.reply_markup as { inline_keyboard?: unknown[][] } | undefined)?.inline_keyboard ?? []);
    return { buttons: keyboard.flat().length, text: calls.map((call) => ('text' in call.payload ? call.payload.text : '')).join('\n') };
  },
  messenger: (a) => {
    const messages = renderForMessenger(a);
    return { buttons: messages.reduce((n, m) => n + (m.quick_replies?.length ?? 0), 0), text: messages.map((m) => ('text' in m ? m.text : '')).join('\n') };
  },
  email: (a) => {
    const mail = renderEmail([a], a.locale);
    return { buttons: 0, text: mail.text };
  },
};
const capabilities = { webchat: WEBCHAT_CAPABILITIES, azure: AZURE_CAPABILITIES, telegram: TELEGRAM_CAPABILITIES, messenger: MESSENGER_CAPABILITIES, email: EMAIL_CAPABILITIES };

describe('channel capabilities: the renderer shows as many buttons as its channel declares, and a list past that', () => {
  for (const [channel, caps] of Object.entries(capabilities)) {
    const render = shown[channel];
    if (!render) throw new Error(`no renderer for ${channel}`);
    it(`${channel}: up to ${caps.maxSuggestedActions} buttons, then numbered lines with how to answer`, () => {
      if (caps.maxSuggestedActions > 0) {
        const fits = render(question(caps.maxSuggestedActions));
        assert.equal(fits.buttons, caps.maxSuggestedActions);
        assert.doesNotMatch(fits.text, /Reply with/);
      }
      // Two past the limit, so the hint lists choices ("1 or 2" even for e-mail, which has none).
      const last = caps.maxSuggestedActions + 2;
      const tooMany = render(question(last));
      assert.equal(tooMany.buttons, 0);
      assert.match(tooMany.text, new RegExp(`Which time suits you\\?[\\s\\S]*\\n1\\. Slot 1\\n[\\s\\S]*${last}\\. Slot ${last}\\n\\nReply with [\\d, ]+or ${last}\\.`));
    });
  }

  it('on web chat the list is plain text, also when the question had no text of its own', () => {
    const bare: Partial<Activity> = { type: 'message', suggestedActions: { to: [], actions: options(11).map((title) => ({ type: 'imBack', title: `*${title}*`, value: title })) } };
    const shown = renderForWebChat(bare);
    assert.equal(shown.textFormat, 'plain');
    assert.match(shown.text ?? '', /^1\. \*Slot 1\*\n/);
  });

  it('the hint follows the reply\'s language', () => {
    assert.match(shown.webchat?.(question(11, 'pl')).text ?? '', /\n\nProszę odpowiedzieć: 1, 2, [\d, ]+lub 11\.$/);
    assert.match(shown.telegram?.(question(101, 'de')).text ?? '', /\n\nAntworten Sie mit 1, 2, [\d, ]+oder 101\.$/);
  });
});
