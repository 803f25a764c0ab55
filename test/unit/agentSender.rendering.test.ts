import assert from 'node:assert/strict';
import { MessageFactory } from 'botbuilder';
import { renderForBotFramework } from '../../channels/azure/renderer';
import { renderEmail } from '../../channels/email/renderer';
import { renderForMessenger } from '../../channels/messenger/renderer';
import { renderForTelegram } from '../../channels/telegram/renderer';
import { renderForWebChat } from '../../channels/webchat/renderer';
import { agentAccount, agentReply } from '../../dialogs/handover/agentReply';

// Typed by a person: it must reach the customer literally, whatever the channel's format.
const TYPED = 'Hi! Your refund of 5 < 10 EUR is *on its way* <b>today</b> & tomorrow';
const fromAnna = agentReply('Anna', TYPED);
const fromBot = MessageFactory.text('Thanks! You are number 1 in line.');

describe('an agent\'s message on each channel: shown as that person, text as typed', () => {
  it('Web Chat: sent from the agent\'s own account (an id per agent, never the bot\'s, role bot), text as plain text', () => {
    const rendered = renderForWebChat({ ...fromAnna, from: { id: 'bot', name: 'Demo Shop', role: 'bot' } });
    assert.equal(rendered.from?.name, 'Anna');
    assert.equal(rendered.from?.role, 'bot');
    assert.notEqual(rendered.from?.id, 'bot');
    assert.equal(rendered.from?.id, agentAccount('Anna').id, 'the same id on every message, so Web Chat keeps them in one group');
    assert.notEqual(agentAccount('Ben').id, agentAccount('Anna').id, 'each agent is a sender of their own');
    assert.equal(rendered.text, TYPED);
    assert.equal(rendered.textFormat, 'plain', 'Web Chat would read "*on its way*" as Markdown otherwise');
    const bot = renderForWebChat({ ...fromBot, from: { id: 'bot', name: 'Demo Shop', role: 'bot' } });
    assert.equal(bot.from?.id, 'bot', 'the bot\'s own messages keep the bot as sender');
  });

  it('Telegram: one bot identity, so a name line "Anna:" first, everything escaped for HTML mode', () => {
    const [call] = renderForTelegram(fromAnna).calls;
    assert.equal(call?.payload.parse_mode, 'HTML');
    assert.equal(call?.method === 'sendMessage' ? call.payload.text : '', 'Anna:\nHi! Your refund of 5 &lt; 10 EUR is *on its way* &lt;b&gt;today&lt;/b&gt; &amp; tomorrow');
    const [bot] = renderForTelegram(fromBot).calls;
    assert.equal(bot?.method === 'sendMessage' ? bot.payload.text : '', 'Thanks! You are number 1 in line.', 'the bot\'s messages get no name line');
  });

  it('Messenger: a name line "Anna:" first, plain text as typed', () => {
    assert.deepEqual(renderForMessenger(fromAnna).map((m) => ('text' in m ? m.text : '')), [`Anna:\n${TYPED}`]);
    assert.deepEqual(renderForMessenger(fromBot).map((m) => ('text' in m ? m.text : '')), ['Thanks! You are number 1 in line.']);
  });

  it('e-mail: signed with the agent\'s name, the HTML part escaped', () => {
    const mail = renderEmail([fromAnna], 'en');
    assert.equal(mail.text, `${TYPED}\n\n— Anna\n`);
    assert.ok(mail.html.includes('5 &lt; 10 EUR is *on its way* &lt;b&gt;today&lt;/b&gt; &amp; tomorrow'), mail.html);
    assert.ok(mail.html.includes('<p>— Anna</p>'), mail.html);
    assert.ok(!renderEmail([fromBot], 'en').text.includes('—'), 'the bot\'s mail is not signed by a person');
  });

  it('Azure Bot Service channels (the connector sends as the bot): "Anna: " before the text', () => {
    assert.equal(renderForBotFramework(fromAnna).text, `Anna: ${TYPED}`);
    assert.equal(renderForBotFramework(fromBot).text, fromBot.text);
  });
});
