import assert from 'node:assert/strict';
import { CardFactory } from 'botbuilder';
import { simpleParser } from 'mailparser';
import { fromParsedMail, loopReason, mailKey, newText, normaliseSubject, toActivity } from '../../channels/email/inbound';
import { selectedOption } from '../../channels/shared/numberedOptions';
import { headerSafe, renderEmail } from '../../channels/email/renderer';
import type { InboundMail, ThreadRecord } from '../../channels/email/wireTypes';

const SHOP = 'shop@example.test';
const mail = (over: Partial<InboundMail> = {}): InboundMail => ({ references: [], to: [SHOP], subject: 'Hi', text: 'Hello', headers: {}, attachments: [], from: { address: 'anna@example.com', name: 'Anna' }, ...over });
const thread: ThreadRecord = { conversationId: 'email-1', customer: 'anna@example.com', customerName: 'Anna', subject: 'Return', references: [], choices: ['Refund', 'Exchange'] };

describe('email inbound mapping (pure)', () => {
  const loops: [string, Partial<InboundMail>, string | undefined][] = [
    ['a person', {}, undefined],
    ['Auto-Submitted: no is a person', { headers: { 'auto-submitted': 'no' } }, undefined],
    ['out-of-office', { headers: { 'auto-submitted': 'auto-replied' } }, 'Auto-Submitted'],
    ['bulk', { headers: { precedence: 'bulk' } }, 'Precedence'],
    ['list', { headers: { 'list-id': '<news.example>' } }, 'mailing list'],
    ['unsubscribe link', { headers: { 'list-unsubscribe': '<mailto:x@y>' } }, 'mailing list'],
    ['X-Autoreply', { headers: { 'x-autoreply': 'yes' } }, 'auto-reply header'],
    ['our own address, any case', { from: { address: 'shop@example.test', name: '' } }, 'sent by our own address'],
    ['bounce', { from: { address: 'mailer-daemon@mx.example', name: '' } }, 'bounce sender'],
    ['postmaster', { from: { address: 'postmaster@mx.example', name: '' } }, 'bounce sender'],
    ['empty Return-Path', { headers: { 'return-path': '<>' } }, 'delivery status notification'],
    ['DSN', { headers: { 'content-type': 'multipart/report; report-type=delivery-status' } }, 'delivery status notification'],
    ['no sender', { from: undefined }, 'no sender address'],
  ];
  for (const [name, over, reason] of loops) {
    it(`loop protection: ${name}`, () => {
      const m = mail(over);
      if ('from' in over && over.from === undefined) delete m.from;
      assert.equal(loopReason(m, 'Shop@Example.test'), reason);
    });
  }

  const replies: [string, string, string][] = [
    ['English client quote and signature', '2\n\nOn Mon, 23 Nov 2026 at 10:00, Shop <shop@example.test> wrote:\n> Which item?\n\n-- \nAnna', '2'],
    ['German client quote', 'Ja, bitte\n\nAm 23.11.2026 um 10:00 schrieb Shop <shop@example.test>:\n> Frage', 'Ja, bitte'],
    ['Polish client quote', 'Tak, proszę\n\nW dniu 23.11.2026 o 10:00 Shop <shop@example.test> napisał(a):\n> x', 'Tak, proszę'],
    ['Outlook header block', 'Refund please\n\nFrom: Shop <shop@example.test>\nSent: Monday\nTo: Anna\nSubject: Re: Return\n\nold text', 'Refund please'],
    ['Windows line ends', 'Yes\r\n\r\nOn Mon, Shop wrote:\r\n> x', 'Yes'],
    ['all quote keeps the text', '> only a quote', '> only a quote'],
  ];
  for (const [name, text, expected] of replies) it(`new text: ${name}`, () => assert.equal(newText(mail({ text })), expected));

  it('cuts very long text at the limit', () => assert.equal(newText(mail({ text: 'x'.repeat(9000) })).length, 5000));

  it('normalises subjects across reply and forward prefixes in en, de, pl', () => {
    for (const subject of ['Return', 'Re: Return', 'RE: AW:  Return', 'Fwd: Re[2]: return', 'Odp: Return', 'WG: return ']) assert.equal(normaliseSubject(subject), 'return');
  });

  it('numbered answers select an option; other text does not', () => {
    assert.equal(selectedOption('2', thread.choices), 'Exchange');
    assert.equal(selectedOption(' 1. ', thread.choices), 'Refund');
    assert.equal(selectedOption('2)', thread.choices), 'Exchange');
    assert.equal(selectedOption('3', thread.choices), undefined);
    assert.equal(selectedOption('100234', thread.choices), undefined);
    assert.equal(selectedOption('2 please', thread.choices), undefined);
  });

  it('identifies a mail by Message-ID, else by a content hash', () => {
    assert.equal(mailKey(mail({ messageId: '<a@b>' })), '<a@b>');
    assert.match(mailKey(mail()), /^sha256:[0-9a-f]{64}$/);
    assert.equal(mailKey(mail()), mailKey(mail()));
    assert.notEqual(mailKey(mail()), mailKey(mail({ text: 'Other' })));
  });

  it('maps a parsed mail with attachments: small ones carry their bytes, big ones only their name', async () => {
    const raw = [
      'From: "Anna Nowak" <Anna@Example.com>', 'To: shop@example.test', 'Subject: Re: Return', 'Message-ID: <m1@example.com>', 'In-Reply-To: <r1@example.test>',
      'References: <r0@example.test> <r1@example.test>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', '2', '--b',
      'Content-Type: image/png; name="photo.png"', 'Content-Disposition: attachment; filename="photo.png"', 'Content-Transfer-Encoding: base64', '', Buffer.from('png-bytes').toString('base64'), '--b',
      'Content-Type: application/octet-stream; name="big.bin"', 'Content-Disposition: attachment; filename="big.bin"', 'Content-Transfer-Encoding: base64', '', Buffer.alloc(1024 * 1024 + 10).toString('base64'), '--b--', '',
    ].join('\r\n');
    const parsed = fromParsedMail(await simpleParser(raw));
    assert.equal(parsed.from?.address, 'anna@example.com');
    assert.equal(parsed.inReplyTo, '<r1@example.test>');
    assert.deepEqual(parsed.references, ['<r0@example.test>', '<r1@example.test>']);
    const activity = toActivity(parsed, thread, SHOP, 'smtp://relay');
    assert.equal(activity.text, 'Exchange', '"2" selected the second option');
    assert.equal(activity.channelId, 'email');
    assert.equal(activity.id, '<m1@example.com>');
    assert.equal(activity.conversation?.id, 'email-1');
    assert.deepEqual(activity.attachments?.map((a) => [a.name, a.contentType, a.contentUrl?.slice(0, 22)]), [
      ['photo.png', 'image/png', 'data:image/png;base64,'],
      ['big.bin', 'application/octet-stream', undefined],
    ]);
  });
});

describe('email renderer (pure)', () => {
  it('joins a turn into one mail with escaped HTML and a numbered list from the last question', () => {
    const rendered = renderEmail(
      [
        { type: 'message', text: 'Thanks <b>Anna</b> & co.\n\nNext step:' },
        { type: 'typing' },
        { type: 'message', text: 'Refund or exchange?', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Refund', value: 'refund' }, { type: 'imBack', title: 'Exchange', value: 'exchange' }] } },
      ],
      'en',
    );
    assert.equal(rendered.text, 'Thanks <b>Anna</b> & co.\n\nNext step:\n\nRefund or exchange?\n\n1. Refund\n2. Exchange\n\nReply with 1 or 2.\n');
    assert.deepEqual(rendered.choices, ['refund', 'exchange']);
    assert.match(rendered.html, /<p>Thanks &lt;b&gt;Anna&lt;\/b&gt; &amp; co\.<\/p>/);
    assert.match(rendered.html, /<ol>\n<li>Refund<\/li>\n<li>Exchange<\/li>\n<\/ol>/);
  });

  it('says how to answer in German and Polish', () => {
    const actions = { to: [], actions: ['a', 'b', 'c'].map((v) => ({ type: 'imBack', title: v, value: v })) };
    assert.match(renderEmail([{ type: 'message', text: 'x', suggestedActions: actions }], 'de').text, /Antworten Sie mit 1, 2 oder 3\./);
    assert.match(renderEmail([{ type: 'message', text: 'x', suggestedActions: actions }], 'pl').text, /Proszę odpowiedzieć: 1, 2 lub 3\./);
  });

  it('turns a hero card into an HTML block with image and links, and its buttons into options', () => {
    const card = CardFactory.heroCard('Rain <jacket>', 'Size M', ['https://img.example/j.png'], [
      { type: 'openUrl', title: 'Track', value: 'https://track.example/?a=1&b=2' },
      { type: 'imBack', title: 'Return it', value: 'return' },
    ]);
    const rendered = renderEmail([{ type: 'message', attachments: [card] }]);
    assert.match(rendered.html, /<img src="https:\/\/img\.example\/j\.png" alt="Rain &lt;jacket&gt;"/);
    assert.match(rendered.html, /<h3[^>]*>Rain &lt;jacket&gt;<\/h3>/);
    assert.match(rendered.html, /<a href="https:\/\/track\.example\/\?a=1&amp;b=2">Track<\/a>/);
    assert.match(rendered.text, /Track: https:\/\/track\.example\/\?a=1&b=2/);
    assert.deepEqual(rendered.choices, ['return']);
  });

  it('strips line breaks and control characters from header values', () => {
    assert.equal(headerSafe('Return\r\nBcc: victim@example.com'), 'Return Bcc: victim@example.com');
    assert.equal(headerSafe('a\u0000b\tc'), 'a b c');
    assert.equal(headerSafe('x'.repeat(300)).length, 200);
  });
});
