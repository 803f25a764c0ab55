import assert from 'node:assert/strict';
import { ActivityTypes, CardFactory, MessageFactory, type Activity, type HeroCard } from 'botbuilder';
import { renderForBotFramework } from '../../channels/azure/renderer';
import { renderEmail } from '../../channels/email/renderer';
import { plainTextAsMarkdown } from '../../channels/shared/markdown';
import { renderForTelegram } from '../../channels/telegram/renderer';
import { renderForWebChat } from '../../channels/webchat/renderer';
import { shownByHtml, shownByWebChatMarkdown } from '../support/renderedMarkup';

/** What customers can type as a name, an order note or a question, and which must come back as typed. */
const HOSTILE = [
  '[pay here](https://evil.example) Eve',
  '<b>x</b>',
  '<script>alert(1)</script>',
  '*bold*',
  '**Eve**',
  '_x_',
  '`rm -rf`',
  '&amp;',
  '&lt;b&gt;',
  'eve@evil.example www.evil.com https://evil.example/pay',
  '![logo](https://evil.example/a.png)',
  '<https://evil.example>',
  '# Eve',
  '1. Eve',
  '> Eve',
  '~~Eve~~ | a | b |',
  '(c) -- ... "Eve" \'Eve\'',
  '{aria-label="x"} Eve',
  'Eve \u27ecx\u27ed',
  'back\\slash',
];

/** A summary card as the booking dialog builds it: plain text, one fact per line. */
function summary(name: string): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.heroCard('Your appointment', ['Consultation', 'Berlin Mitte, Torstraße 1', 'Friday 27 November, 10:00', name, 'eve@example.com'].join('\n')));
}

const cardOf = (activity: Partial<Activity>) => activity.attachments?.[0]?.content as HeroCard;

describe('customer text is shown as typed, in every renderer', () => {
  describe('Web Chat (card text is Markdown, message text is marked plain)', () => {
    for (const name of HOSTILE) {
      it(`card: ${name}`, () => {
        const card = cardOf(renderForWebChat(summary(name)));
        const shown = shownByWebChatMarkdown(card.text ?? '');
        assert.deepEqual([...new Set(shown.tags)], ['p', 'br'], 'no link, emphasis, image or script');
        assert.equal(shown.text, ['Consultation', 'Berlin Mitte, Torstraße 1', 'Friday 27 November, 10:00', name, 'eve@example.com'].join('\n'));
        assert.equal(shownByWebChatMarkdown(card.title ?? '').text, 'Your appointment');
      });
    }

    it('marks message text plain, so the welcome with a hostile name is not Markdown', () => {
      assert.equal(renderForWebChat(MessageFactory.text('Hello, [pay here](https://evil.example) Eve!')).textFormat, 'plain');
    });

    it('keeps a format a dialog chose and leaves non-card attachments alone', () => {
      const image = { contentType: 'image/png', contentUrl: 'https://img.example/a.png' };
      const rendered = renderForWebChat({ type: ActivityTypes.Message, text: '**ours**', textFormat: 'markdown', attachments: [image] });
      assert.equal(rendered.textFormat, 'markdown');
      assert.deepEqual(rendered.attachments, [image]);
    });

    it('keeps blank lines as paragraphs and drops indentation that would make a code block', () => {
      assert.equal(shownByWebChatMarkdown(plainTextAsMarkdown('a\n\n    b\n c')).text, 'a\nb\nc');
      assert.deepEqual(shownByWebChatMarkdown(plainTextAsMarkdown('a\n\n    b')).tags, ['p', 'p']);
    });
  });

  describe('Azure Bot Service (Markdown for Web Chat and the Emulator, HTML for Teams)', () => {
    for (const name of HOSTILE) {
      it(`card: ${name}`, () => {
        const lines = ['Consultation', 'Berlin Mitte, Torstraße 1', 'Friday 27 November, 10:00', name, 'eve@example.com'].join('\n');
        for (const channelId of ['emulator', 'webchat', 'directline']) {
          const shown = shownByWebChatMarkdown(cardOf(renderForBotFramework({ ...summary(name), channelId })).text ?? '');
          assert.deepEqual([...new Set(shown.tags)], ['p', 'br'], channelId);
          assert.equal(shown.text, lines, channelId);
        }
        const teams = shownByHtml(cardOf(renderForBotFramework({ ...summary(name), channelId: 'msteams' })).text ?? '');
        assert.deepEqual([...new Set(teams.tags)], ['br']);
        assert.equal(teams.text, lines);
      });
    }

    it('marks message text plain on every channel unless a dialog chose a format', () => {
      assert.equal(renderForBotFramework({ ...MessageFactory.text('Hello, *Eve*!'), channelId: 'msteams' }).textFormat, 'plain');
      assert.equal(renderForBotFramework({ ...MessageFactory.text('**ours**'), textFormat: 'markdown', channelId: 'emulator' }).textFormat, 'markdown');
      assert.deepEqual(renderForBotFramework({ type: ActivityTypes.Typing }), { type: ActivityTypes.Typing });
    });
  });

  describe('Telegram (HTML parse mode)', () => {
    /** Telegram's HTML parser knows numeric references and only these named ones (Bot API: HTML style). */
    const TELEGRAM_ENTITIES = new Set(['lt', 'gt', 'amp', 'quot']);
    const namedEntities = (html: string) => [...html.matchAll(/&([a-z]+);/gi)].map((m) => m[1] ?? '');

    for (const name of HOSTILE) {
      it(`card and text: ${name}`, () => {
        const { calls } = renderForTelegram(summary(name));
        const caption = calls[0]?.method === 'sendMessage' ? calls[0].payload.text : '';
        const shown = shownByHtml(caption);
        assert.deepEqual(shown.tags, ['b'], 'only our own bold title');
        assert.equal(shown.text, ['Your appointment', 'Consultation', 'Berlin Mitte, Torstraße 1', 'Friday 27 November, 10:00', name, 'eve@example.com'].join('\n'));
        assert.ok(namedEntities(caption).every((entity) => TELEGRAM_ENTITIES.has(entity)), caption);

        const text = renderForTelegram(MessageFactory.text(`Hello, ${name}!`)).calls[0];
        const message = text?.method === 'sendMessage' ? text.payload.text : '';
        assert.deepEqual(shownByHtml(message), { tags: [], text: `Hello, ${name}!` });
        assert.ok(namedEntities(message).every((entity) => TELEGRAM_ENTITIES.has(entity)), message);
      });
    }
  });

  describe('e-mail (HTML part; the text part is the text itself)', () => {
    for (const name of HOSTILE) {
      it(`card and text: ${name}`, () => {
        const mail = renderEmail([MessageFactory.text(`You asked: ${name}`), summary(name)], 'en');
        const shown = shownByHtml(mail.html);
        assert.deepEqual([...new Set(shown.tags)].sort(), ['body', 'br', 'div', 'h3', 'html', 'p'], 'only the layout the renderer writes');
        assert.ok(shown.text.includes(`You asked: ${name}`), shown.text);
        assert.ok(shown.text.includes(['Consultation', 'Berlin Mitte, Torstraße 1', 'Friday 27 November, 10:00', name, 'eve@example.com'].join('\n')), shown.text);
        assert.ok(mail.text.includes(`\n${name}\n`), 'the plain text part as typed');
      });
    }
  });
});
