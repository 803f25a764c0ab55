import assert from 'node:assert/strict';
import { joinedActivity, toActivity, type InboundScope } from '../../channels/webchat/inbound';
import { renderForWebChat } from '../../channels/webchat/renderer';

const scope: InboundScope = {
  conversationId: 'wc_1',
  userId: 'dl_customer',
  bot: { id: 'bot', name: 'Shop', role: 'bot' },
  serviceUrl: 'http://localhost:3978',
};
const now = new Date('2026-11-22T10:00:00Z');

describe('web chat inbound mapping (captured Web Chat payloads)', () => {
  it('maps a Web Chat message, keeping clientActivityID and overriding identity fields', () => {
    const captured = {
      type: 'message',
      text: 'help',
      textFormat: 'plain',
      locale: 'de-DE',
      channelData: { clientActivityID: '1700000000000abc', clientTimestamp: '2026-11-22T09:59:59.000Z' },
      from: { id: 'attacker-chosen', name: 'Anna', role: 'user' },
      conversation: { id: 'someone-elses' },
      recipient: { id: 'x' },
      entities: [{ type: 'ClientCapabilities', requiresBotState: true }],
    };
    const result = toActivity(captured, scope, now);
    assert.ok(result.ok);
    assert.equal(result.activity.from?.id, 'dl_customer');
    assert.equal(result.activity.from?.name, 'Anna');
    assert.equal(result.activity.conversation?.id, 'wc_1');
    assert.equal(result.activity.recipient?.id, 'bot');
    assert.equal(result.activity.channelId, 'webchat');
    assert.equal(result.activity.locale, 'de-DE');
    assert.deepEqual(result.activity.channelData, captured.channelData);
  });

  const rejected: [string, unknown, RegExp][] = [
    ['no type', { text: 'hi' }, /type/],
    ['a number as type', { type: 5 }, /type/],
    ['text too long', { type: 'message', text: 'x'.repeat(10_001) }, /longer than 10000/],
    ['an empty message', { type: 'message' }, /needs text/],
    ['eleven attachments', { type: 'message', attachments: Array(11).fill({ contentType: 'image/png' }) }, /at most 10/],
    ['not an object', 'hello', /./],
  ];
  for (const [what, body, reason] of rejected) {
    it(`rejects ${what}`, () => {
      const result = toActivity(body, scope, now);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }

  it('accepts a card button press (value, no text)', () => {
    const result = toActivity({ type: 'message', value: { choice: 'repair' } }, scope, now);
    assert.ok(result.ok);
  });

  it('announces the customer and the bot when the chat opens', () => {
    const joined = joinedActivity(scope, 'pl-PL', now);
    assert.equal(joined.type, 'conversationUpdate');
    assert.deepEqual(joined.membersAdded?.map((m) => m.id), ['bot', 'dl_customer']);
    assert.equal(joined.locale, 'pl-PL');
  });
});

describe('web chat renderer', () => {
  it('marks dialog text as plain so line breaks and * _ survive', () => {
    assert.equal(renderForWebChat({ type: 'message', text: 'a\n• b' }).textFormat, 'plain');
  });
  it('keeps a format a dialog chose, and leaves other activities alone', () => {
    assert.equal(renderForWebChat({ type: 'message', text: '**x**', textFormat: 'markdown' }).textFormat, 'markdown');
    assert.equal(renderForWebChat({ type: 'typing' }).textFormat, undefined);
  });
});
