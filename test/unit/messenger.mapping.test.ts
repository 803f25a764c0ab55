import assert from 'node:assert/strict';
import { ActivityTypes, CardFactory, MessageFactory, TestAdapter, TurnContext } from 'botbuilder';
import { toActivity } from '../../channels/messenger/inbound';
import { LIMITS, renderForMessenger, splitText, truncate } from '../../channels/messenger/renderer';
import { signatureFor, validSignature } from '../../channels/messenger/signature';
import type { MessagingEvent } from '../../channels/messenger/wireTypes';
import { MessagingWindow } from '../../channels/messenger/messagingWindow';
import { withTurnHints } from '../../bots/state/withTurn';
import { MemoryStore } from '../../bots/state/memoryStore';

const PAGE = '111';
const base = { sender: { id: 'psid1' }, recipient: { id: PAGE }, timestamp: 1_795_000_000_000 };

describe('Messenger inbound mapping (captured webhook events)', () => {
  const table: [string, MessagingEvent, { kind: string; type?: string; text?: string; id?: string }][] = [
    ['text', { ...base, message: { mid: 'm.1', text: 'hello' } }, { kind: 'turn', type: 'message', text: 'hello', id: 'm.1' }],
    ['quick reply → its payload', { ...base, message: { mid: 'm.2', text: 'Yes', quick_reply: { payload: 'yes-value' } } }, { kind: 'turn', type: 'message', text: 'yes-value' }],
    ['postback → its payload', { ...base, postback: { mid: 'm.3', title: 'Opening hours', payload: 'opening hours' } }, { kind: 'turn', type: 'message', text: 'opening hours' }],
    ['Get Started → conversation start', { ...base, postback: { mid: 'm.4', title: 'Get Started', payload: 'GET_STARTED' } }, { kind: 'turn', type: 'conversationUpdate' }],
    ['referral → event', { ...base, referral: { ref: 'ad-42', source: 'ADS', type: 'OPEN_THREAD' } }, { kind: 'turn', type: 'event' }],
    ['image attachment', { ...base, message: { mid: 'm.5', attachments: [{ type: 'image', payload: { url: 'https://cdn.example/p.jpg' } }] } }, { kind: 'turn', type: 'message' }],
    ['echo', { ...base, message: { mid: 'm.6', text: 'ours', is_echo: true } }, { kind: 'skip' }],
    ['delivery receipt', { ...base, delivery: { mids: ['m.1'] } }, { kind: 'skip' }],
    ['read receipt', { ...base, read: { watermark: 1 } }, { kind: 'skip' }],
    ['no sender', { recipient: { id: PAGE }, message: { mid: 'm.7', text: 'x' } }, { kind: 'skip' }],
    ['empty message', { ...base, message: { mid: 'm.8' } }, { kind: 'skip' }],
  ];
  for (const [what, event, expected] of table) {
    it(what, () => {
      const result = toActivity(event, PAGE, 'https://graph.example');
      assert.equal(result.kind, expected.kind);
      if (result.kind !== 'turn') return;
      assert.equal(result.activity.channelId, 'facebook');
      assert.equal(result.activity.conversation?.id, `${PAGE}-psid1`);
      if (expected.type) assert.equal(result.activity.type, expected.type);
      if (expected.text) assert.equal(result.activity.text, expected.text);
      if (expected.id) assert.equal(result.activity.id, expected.id);
    });
  }
});

describe('Messenger renderer', () => {
  it('turns suggested actions into quick replies with titles of at most 20 characters', () => {
    const [message] = renderForMessenger(MessageFactory.suggestedActions(['Repair drop-off (15 min)', 'Yes'], 'Pick one'));
    assert.ok(message && 'text' in message);
    assert.deepEqual(message.quick_replies?.map((q) => q.title), ['Repair drop-off…', 'Yes']);
    assert.deepEqual(message.quick_replies?.map((q) => q.payload), ['Repair drop-off (15 min)', 'Yes']);
    assert.ok(message.quick_replies?.every((q) => q.title.length <= LIMITS.quickReplyTitle));
  });

  it('falls back to a numbered list for more than 13 choices, with how to answer in the reply\'s language', () => {
    const choices = Array.from({ length: 14 }, (_, i) => `Option ${i + 1}`);
    const [message] = renderForMessenger(MessageFactory.suggestedActions(choices, 'Which one?'));
    assert.ok(message && 'text' in message);
    assert.equal(message.quick_replies, undefined);
    assert.match(message.text, /^Which one\?\n1\. Option 1\n[\s\S]*\n14\. Option 14\n\nReply with 1, 2, [\d, ]+ or 14\.$/);
    const [german] = renderForMessenger({ ...MessageFactory.suggestedActions(choices, 'Welche?'), locale: 'de-DE' });
    assert.ok(german && 'text' in german);
    assert.match(german.text, /\n\nAntworten Sie mit 1, 2, [\d, ]+ oder 14\.$/);
  });

  it('splits text over 2000 characters on paragraph boundaries', () => {
    const paragraph = 'word '.repeat(300).trim();
    const parts = splitText([paragraph, paragraph].join('\n\n'), LIMITS.text);
    assert.equal(parts.length, 2);
    assert.ok(parts.every((p) => p.length <= LIMITS.text));
    assert.equal(parts[0], paragraph);
  });

  it('renders hero cards as a generic template within its limits', () => {
    const card = CardFactory.heroCard('A very long title '.repeat(10), 'details', ['https://img.example/a.png'], ['One', 'Two', 'Three', 'Four']);
    const messages = renderForMessenger({ type: ActivityTypes.Message, attachments: [card] });
    const template = messages[0];
    assert.ok(template && 'attachment' in template);
    const element = template.attachment.payload.elements[0];
    assert.ok((element?.title.length ?? 0) <= LIMITS.elementTitle);
    assert.equal(element?.buttons?.length, 3);
    assert.equal(element?.image_url, 'https://img.example/a.png');
  });

  it('sends a card of text alone (the booking summary) as a message, every line of it', () => {
    const lines = ['Konsultacja', 'Kraków Stare Miasto, ul. Floriańska 10', 'czwartek, 26 listopada o 10:00', 'Jan Kowalski', '+48 512 345 678'];
    const messages = renderForMessenger({ type: ActivityTypes.Message, attachments: [CardFactory.heroCard('Twoja wizyta', lines.join('\n'))] });
    assert.deepEqual(messages, [{ text: ['Twoja wizyta', ...lines].join('\n') }]);
  });

  it('truncates at a word boundary with an ellipsis', () => {
    assert.equal(truncate('Talk to a person now please', 20), 'Talk to a person…');
    assert.equal(truncate('short', 20), 'short');
  });
});

describe('Messenger signature check', () => {
  const raw = Buffer.from('{"object":"page"}');
  it('accepts the right HMAC and rejects others', () => {
    assert.equal(validSignature(raw, signatureFor(raw, 's3cret'), 's3cret'), true);
    assert.equal(validSignature(raw, signatureFor(raw, 'other'), 's3cret'), false);
    assert.equal(validSignature(raw, undefined, 's3cret'), false);
    assert.equal(validSignature(raw, 'sha256=zz', 's3cret'), false);
    // Buffer.from(hex) stops at the first non-hex character: junk after a valid HMAC must not pass.
    assert.equal(validSignature(raw, `${signatureFor(raw, 's3cret')}zz`, 's3cret'), false);
    assert.equal(validSignature(raw, `${signatureFor(raw, 's3cret')}00`, 's3cret'), false);
    assert.equal(validSignature(raw, signatureFor(raw, 's3cret').toUpperCase().replace('SHA256=', 'sha256='), 's3cret'), true);
    assert.equal(validSignature(Buffer.from('{"object":"page" }'), signatureFor(raw, 's3cret'), 's3cret'), false);
  });
});

describe('Messenger messaging window', () => {
  it('allows bot replies for 24 hours and human-agent replies (tagged) for 7 days', async () => {
    const clock = { now: 10 * 24 * 60 * 60 * 1000 };
    const store = new MemoryStore(() => clock.now);
    const window = new MessagingWindow(store, () => clock.now);
    const hour = 60 * 60 * 1000;
    assert.deepEqual(await window.permission('p', false), { allowed: false, reason: 'outside the 24-hour messaging window' });
    // As a turn's save writes it (bots/state/withTurn.ts).
    const turn = new TurnContext(new TestAdapter(), { type: 'message' });
    window.recordWithTurn(turn, 'p', clock.now - 23 * hour);
    await store.write(withTurnHints(turn).leading({}));
    assert.deepEqual(await window.permission('p', false), { allowed: true, messagingType: 'RESPONSE' });
    clock.now += 2 * hour;
    assert.equal((await window.permission('p', false)).allowed, false);
    assert.deepEqual(await window.permission('p', true), { allowed: true, messagingType: 'MESSAGE_TAG' });
    clock.now += 6 * 24 * hour;
    assert.equal((await window.permission('p', true)).allowed, false);
  });
});
