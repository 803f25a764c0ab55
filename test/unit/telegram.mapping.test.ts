import assert from 'node:assert/strict';
import { ActivityTypes, CardFactory, MessageFactory } from 'botbuilder';
import type { Update } from 'telegraf/types';
import { toActivity } from '../../channels/telegram/inbound';
import { callbackDataFor, LIMITS, renderForTelegram } from '../../channels/telegram/renderer';

const bot = { id: 4242, username: 'shop_bot' };
const from = { id: 77, is_bot: false, first_name: 'Ola', language_code: 'pl' };
const msg = (extra: Record<string, unknown>, chat = { id: 77, type: 'private' }) =>
  ({ update_id: 1, message: { message_id: 5, date: 1_795_000_000, chat, from, ...extra } }) as unknown as Update;
const resolve = (data: string) => (data === 'k:gone' ? undefined : data);

describe('Telegram inbound mapping (captured updates)', () => {
  const table: [string, Update, { kind: string; type?: string; text?: string; attachment?: string }][] = [
    ['text', msg({ text: 'cześć' }), { kind: 'turn', type: 'message', text: 'cześć' }],
    ['/start with deep link', msg({ text: '/start promo42' }), { kind: 'turn', type: 'conversationUpdate' }],
    ['contact', msg({ contact: { phone_number: '+48512345678', first_name: 'Ola' } }), { kind: 'turn', attachment: 'application/vnd.telegram.contact' }],
    ['location', msg({ location: { latitude: 50.06, longitude: 19.94 } }), { kind: 'turn', attachment: 'application/vnd.geo+json' }],
    ['photo (largest size)', msg({ photo: [{ file_id: 'small', width: 90 }, { file_id: 'big', width: 1280 }] }), { kind: 'turn', attachment: 'image/jpeg' }],
    ['document', msg({ document: { file_id: 'd', file_name: 'receipt.pdf', mime_type: 'application/pdf' } }), { kind: 'turn', attachment: 'application/pdf' }],
    ['group message not addressed', msg({ text: 'anyone?' }, { id: -100, type: 'group' }), { kind: 'skip' }],
    ['group message with @mention', msg({ text: '@shop_bot opening hours' }, { id: -100, type: 'group' }), { kind: 'turn', text: 'opening hours' }],
    ['group reply to the bot', msg({ text: 'yes', reply_to_message: { from: { id: 4242 } } }, { id: -100, type: 'group' }), { kind: 'turn', text: 'yes' }],
    ['edited message', { update_id: 2, edited_message: { message_id: 5, date: 1, edit_date: 2, chat: { id: 77, type: 'private' }, from, text: 'x' } } as unknown as Update, { kind: 'skip' }],
    ['message from a bot', msg({ text: 'hi', from: { id: 9, is_bot: true, first_name: 'B' } }), { kind: 'skip' }],
    ['button press', { update_id: 3, callback_query: { id: 'q', from, chat_instance: 'c', data: 'Yes', message: { message_id: 9, date: 1, chat: { id: 77, type: 'private' } } } } as unknown as Update, { kind: 'turn', text: 'Yes' }],
    ['press on an expired stored value', { update_id: 4, callback_query: { id: 'q2', from, chat_instance: 'c', data: 'k:gone', message: { message_id: 9, date: 1, chat: { id: 77, type: 'private' } } } } as unknown as Update, { kind: 'skip' }],
  ];
  for (const [what, update, expected] of table) {
    it(what, () => {
      const result = toActivity(update, bot, 'https://api.telegram.org', resolve);
      assert.equal(result.kind, expected.kind);
      if (result.kind !== 'turn') return;
      assert.equal(result.activity.channelId, 'telegram');
      assert.equal(result.activity.id, String(update.update_id));
      assert.equal(result.activity.locale, 'pl');
      if (expected.type) assert.equal(result.activity.type, expected.type);
      if (expected.text) assert.equal(result.activity.text, expected.text);
      if (expected.attachment) assert.equal(result.activity.attachments?.[0]?.contentType, expected.attachment);
    });
  }
  it('keeps the deep-link payload of /start', () => {
    const result = toActivity(msg({ text: '/start promo42' }), bot, '', resolve);
    assert.ok(result.kind === 'turn');
    assert.deepEqual(result.activity.value, { startPayload: 'promo42' });
  });
});

describe('Telegram renderer', () => {
  it('escapes HTML in text (no injection through customer-provided names)', () => {
    const { calls } = renderForTelegram(MessageFactory.text('Hello <script>alert(1)</script> & "co"'));
    assert.equal(calls[0]?.payload.parse_mode, 'HTML');
    assert.equal(calls[0]?.method === 'sendMessage' ? calls[0].payload.text : '', 'Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;');
  });

  it('splits messages over 4096 characters on paragraph boundaries', () => {
    const paragraph = 'x '.repeat(1500).trim();
    const { calls } = renderForTelegram(MessageFactory.text([paragraph, paragraph, paragraph].join('\n\n')));
    assert.equal(calls.length, 3);
    assert.ok(calls.every((c) => c.method === 'sendMessage' && c.payload.text.length <= LIMITS.text));
  });

  it('puts suggested actions on an inline keyboard; long values are stored and referenced by a short key', () => {
    const long = 'A value far longer than sixty-four bytes, which Telegram would refuse as callback data';
    const { calls, storedValues } = renderForTelegram(MessageFactory.suggestedActions(['Yes', long], 'Pick'));
    const buttons = calls[0]?.payload.reply_markup?.inline_keyboard.map((row) => row[0]) ?? [];
    assert.equal(buttons[0]?.callback_data, 'Yes');
    assert.ok(Buffer.byteLength(buttons[1]?.callback_data ?? '') <= LIMITS.callbackData);
    assert.equal(storedValues[buttons[1]?.callback_data ?? ''], long);
    assert.equal(callbackDataFor(long).data, buttons[1]?.callback_data, 'the key is stable');
  });

  it('sends a hero card with an image as a photo with caption and buttons', () => {
    const card = CardFactory.heroCard('Your <b>appointment</b>', 'Mon 10:00', ['https://img.example/a.png'], ['OK']);
    const { calls } = renderForTelegram({ type: ActivityTypes.Message, attachments: [card] });
    assert.equal(calls[0]?.method, 'sendPhoto');
    assert.ok(calls[0]?.method === 'sendPhoto' && calls[0].payload.caption?.startsWith('<b>Your &lt;b&gt;appointment&lt;/b&gt;</b>'));
  });
});
