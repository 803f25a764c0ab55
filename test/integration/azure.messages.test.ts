import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { azureTuning, createAzureChannel } from '../../channels/azure';
import { startFakeConnector } from '../fakes/botConnector';
import { freePort } from '../support/freePort';
import { serverUnderTest } from '../support/server';

type Running = Awaited<ReturnType<typeof serverUnderTest>>;

function activity(extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: `act-${Math.random().toString(36).slice(2)}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    conversation: { id: 'conv-azure-1' },
    from: { id: 'user-1', name: 'Anna' },
    recipient: { id: 'bot', name: 'Bot' },
    locale: 'en-US',
    text: 'help',
    ...extra,
  };
}

async function post(base: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers };
}

describe('POST /api/messages (CloudAdapter)', () => {
  describe('anonymous, as with the Emulator', () => {
    let running: Running;
    before(async () => {
      running = await serverUnderTest({}, undefined, [createAzureChannel]);
    });
    after(() => running.stop());

    it('answers in the response body with deliveryMode expectReplies', async () => {
      const res = await post(running.baseUrl, activity({ deliveryMode: 'expectReplies' }));
      assert.equal(res.status, 200);
      const body = JSON.parse(res.text) as { activities: { text?: string }[] };
      assert.equal(body.activities.length, 1);
      assert.match(body.activities[0]?.text ?? '', /^I can help you with/);
    });

    it('posts the reply to the channel serviceUrl otherwise', async () => {
      const connector = await startFakeConnector();
      try {
        const res = await post(running.baseUrl, activity({ serviceUrl: connector.serviceUrl, text: 'Hallo', locale: 'de-DE' }));
        assert.equal(res.status, 200);
        await connector.waitForPosts(1);
        const reply = connector.posts[0];
        assert.match(reply?.path ?? '', /^\/v3\/conversations\/conv-azure-1\/activities\//);
        assert.match(reply?.body.text ?? '', /^Hallo! Wie kann ich Ihnen/);
      } finally {
        await connector.stop();
      }
    });

    it('sends each reply to its own conversation serviceUrl, also when turns alternate between them', async () => {
      const first = await startFakeConnector();
      const second = await startFakeConnector();
      try {
        const turn = (serviceUrl: string, conversation: string) => post(running.baseUrl, activity({ serviceUrl, conversation: { id: conversation }, text: 'hi' }));
        assert.equal((await turn(first.serviceUrl, 'conv-first')).status, 200);
        assert.equal((await turn(second.serviceUrl, 'conv-second')).status, 200);
        assert.equal((await turn(first.serviceUrl, 'conv-first')).status, 200);
        await first.waitForPosts(2);
        await second.waitForPosts(1);
        assert.deepEqual(first.posts.map((p) => p.path.split('/')[3]), ['conv-first', 'conv-first']);
        assert.deepEqual(second.posts.map((p) => p.path.split('/')[3]), ['conv-second']);
      } finally {
        await first.stop();
        await second.stop();
      }
    });
  });

  describe('with MicrosoftAppId set', () => {
    let running: Running;
    before(async () => {
      running = await serverUnderTest(
        { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' },
        undefined,
        [createAzureChannel],
      );
    });
    after(() => running.stop());

    it('rejects a request with no token with 401 and a reason', async () => {
      const res = await post(running.baseUrl, activity({ deliveryMode: 'expectReplies' }));
      assert.equal(res.status, 401);
      assert.match(JSON.parse(res.text).message, /Authorization header/);
    });

    // Issuers outside Bot Framework's list are refused before any key lookup, so no test here
    // reaches for the network.
    const forged = jwt.sign({ iss: 'https://attacker.example', aud: '11111111-2222-3333-4444-555555555555' }, 'guessed-secret');
    const badTokens: [string, string][] = [
      ['a header that is not Bearer', 'Basic dXNlcjpwYXNz'],
      ['a token that is not a JWT', 'Bearer not-a-jwt'],
      ['a JWT from a foreign issuer', `Bearer ${forged}`],
    ];
    for (const [what, header] of badTokens) {
      it(`rejects ${what} with 401 and runs no turn`, async () => {
        const before = running.app.pipeline.statefulTurn.counters.turns;
        const res = await post(running.baseUrl, activity({ deliveryMode: 'expectReplies' }), { authorization: header });
        assert.equal(res.status, 401);
        assert.equal(running.app.pipeline.statefulTurn.counters.turns, before);
      });
    }
  });
  describe('with MicrosoftAppId set and the signing keys out of reach', () => {
    let running: Running;
    let closedPort: number;
    before(async () => {
      closedPort = await freePort();
      // The public cloud's settings, but its signing keys published on a port nobody listens on.
      azureTuning.authentication = {
        ValidateAuthority: true,
        ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
        OAuthUrl: 'https://api.botframework.com',
        ToBotFromChannelOpenIdMetadataUrl: `http://127.0.0.1:${closedPort}/v1/.well-known/openidconfiguration`,
        ToBotFromEmulatorOpenIdMetadataUrl: `http://127.0.0.1:${closedPort}/v2.0/.well-known/openid-configuration`,
        CallerId: 'urn:botframework:azure',
      };
      running = await serverUnderTest(
        { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' },
        undefined,
        [createAzureChannel],
      );
    });
    after(async () => {
      delete azureTuning.authentication;
      await running.stop();
    });

    it('answers 503 with Retry-After (the channel sends it again), not 500, and runs no turn', async () => {
      // RS256 as Bot Framework signs (other algorithms are refused before any key lookup); the
      // signature never gets checked, since the keys cannot be fetched.
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const claims = { iss: 'https://api.botframework.com', aud: '11111111-2222-3333-4444-555555555555', exp: Math.floor(Date.now() / 1000) + 3600 };
      const token = `${part({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
      const res = await post(running.baseUrl, activity({ channelId: 'webchat', serviceUrl: 'https://webchat.botframework.com/' }), { authorization: `Bearer ${token}` });
      assert.equal(res.status, 503, res.text);
      assert.equal(res.headers.get('retry-after'), '5');
      assert.match(JSON.parse(res.text).message, /signing keys/);
      assert.equal(running.app.pipeline.statefulTurn.counters.turns, 0);
    });
  });
});
