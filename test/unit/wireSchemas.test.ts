import assert from 'node:assert/strict';
import { activityProblem } from '../../channels/azure/activitySchema';
import { messagingEventProblem } from '../../channels/messenger/eventSchema';
import { updateProblem } from '../../channels/telegram/updateSchema';
import { isTransientStoreError } from '../../bots/state/types';

const telegramMessage = (extra: Record<string, unknown> = {}) => ({
  update_id: 1,
  message: { message_id: 7, date: 1_700_000_000, chat: { id: 42, type: 'private' }, from: { id: 42, is_bot: false, first_name: 'Ola' }, text: 'hej', ...extra },
});
const messengerEvent = (extra: Record<string, unknown> = {}) => ({ sender: { id: '6001' }, recipient: { id: '7001' }, timestamp: 1_700_000_000_000, message: { mid: 'm.1', text: 'hi' }, ...extra });

describe('inbound wire shapes are checked at the edge, naming the field', () => {
  const telegram: [string, unknown, RegExp | undefined][] = [
    ['a plain text message', telegramMessage(), undefined],
    ['a button press', { update_id: 2, callback_query: { id: 'cq1', from: { id: 42 }, data: 'opt:1', message: { message_id: 7, chat: { id: 42 } } } }, undefined],
    ['an update kind we do not read (poll)', { update_id: 3, poll: { id: 'p' } }, undefined],
    ['a number as text', telegramMessage({ text: 12345 }), /^update\.message\.text: /],
    ['a chat id that is a string', telegramMessage({ chat: { id: '42', type: 'private' } }), /^update\.message\.chat\.id: /],
    ['a chat id past 2^53', telegramMessage({ chat: { id: 2 ** 60, type: 'private' } }), /^update\.message\.chat\.id: /],
    ['a text far longer than Telegram allows', telegramMessage({ text: 'x'.repeat(9000) }), /^update\.message\.text: /],
    ['4096 emoji (8192 UTF-16 units), as long as Telegram allows', telegramMessage({ text: '😀'.repeat(4096) }), undefined],
    ['callback data longer than 64', { update_id: 4, callback_query: { id: 'cq', from: { id: 1 }, data: 'x'.repeat(65) } }, /^update\.callback_query\.data: /],
    ['no update_id', { message: telegramMessage().message }, /^update\.update_id: /],
  ];
  for (const [what, body, problem] of telegram) {
    it(`Telegram: ${what} ${problem ? 'is refused' : 'passes'}`, () => {
      const found = updateProblem(body);
      if (problem) assert.match(found ?? '', problem);
      else assert.equal(found, undefined);
    });
  }

  const messenger: [string, unknown, RegExp | undefined][] = [
    ['a text message', messengerEvent(), undefined],
    ['a postback', messengerEvent({ message: undefined, postback: { title: 'Start', payload: 'GET_STARTED' } }), undefined],
    ['null in messaging[]', null, /^messaging\[\]: /],
    ['a 10 KB sender id', messengerEvent({ sender: { id: '1'.repeat(10_000) } }), /^messaging\[\]\.sender\.id: /],
    ['a sender id that could shape a path', messengerEvent({ sender: { id: '../../x' } }), /^messaging\[\]\.sender\.id: /],
    ['a number as text', messengerEvent({ message: { mid: 'm.2', text: 7 } }), /^messaging\[\]\.message\.text: /],
  ];
  for (const [what, event, problem] of messenger) {
    it(`Messenger: ${what} ${problem ? 'is refused' : 'passes'}`, () => {
      const found = messagingEventProblem(event);
      if (problem) assert.match(found ?? '', problem);
      else assert.equal(found, undefined);
    });
  }

  it('/api/messages: ids too long for a state key are refused with a reason', () => {
    const base = { type: 'message', channelId: 'emulator', serviceUrl: 'http://127.0.0.1:9', from: { id: 'u' } };
    assert.match(activityProblem({ ...base, conversation: { id: 'c'.repeat(201) } }) ?? '', /conversation\.id is longer than 200/);
    assert.match(activityProblem({ ...base, conversation: { id: 'c' }, from: { id: 'u'.repeat(10_000) } }) ?? '', /from\.id is longer than 200/);
    assert.equal(activityProblem({ ...base, conversation: { id: 'a:1'.repeat(40) } }), undefined);
  });

  it('store errors worth a redelivery are told from those that would fail the same way again', () => {
    const coded = (code: unknown, statusCode?: number) => Object.assign(new Error('x'), { code, ...(statusCode ? { statusCode } : {}) });
    for (const passing of [coded('ECONNREFUSED'), coded('ETIMEDOUT'), coded(429), coded(503), coded(undefined, 408), Object.assign(new Error('t'), { name: 'TimeoutError' }), new Error('wrapped', { cause: coded('ECONNRESET') })]) {
      assert.equal(isTransientStoreError(passing), true, String((passing as { code?: unknown }).code ?? passing.name));
    }
    for (const lasting of [coded(400), coded(413), coded(undefined, 404), new Error('MDB_BAD_VALSIZE'), 'a string']) {
      assert.equal(isTransientStoreError(lasting), false);
    }
  });
});
