import assert from 'node:assert/strict';
import { loadConfig } from '../../bots/config';
import { anonymousCallerProblem, ingressProblem, type IngressPolicy } from '../../channels/azure/trustedIngress';

const anonymous: IngressPolicy = { authenticated: false, allowAnonymousChannels: false };
const anonymousTests: IngressPolicy = { authenticated: false, allowAnonymousChannels: true };
const withAppId: IngressPolicy = { authenticated: true, allowAnonymousChannels: false };

// [who posts, policy, channelId, serviceUrl, allowed]
const rows: [string, IngressPolicy, string, string, boolean][] = [
  ['the Emulator on this machine', anonymous, 'emulator', 'http://localhost:52000', true],
  ['the Emulator on 127.0.0.2', anonymous, 'emulator', 'http://127.0.0.2:52000', true],
  ['the Emulator over IPv6 loopback', anonymous, 'emulator', 'http://[::1]:52000', true],
  ['an anonymous caller posing as Telegram', anonymous, 'telegram', 'http://127.0.0.1:9', false],
  ['an anonymous caller posing as Messenger', anonymous, 'facebook', 'http://127.0.0.1:9', false],
  ['an anonymous caller posing as e-mail', anonymous, 'email', 'http://127.0.0.1:9', false],
  ['the Emulator told to reply to another machine', anonymous, 'emulator', 'http://10.0.0.5/', false],
  ['the Emulator told to reply to a look-alike host', anonymous, 'emulator', 'http://127.0.0.1.attacker.example/', false],
  ['a non-http serviceUrl', anonymous, 'emulator', 'file:///etc/passwd', false],
  ['a serviceUrl that is no URL', anonymous, 'emulator', 'not a url', false],
  ['tests naming telegram with a loopback connector', anonymousTests, 'telegram', 'http://127.0.0.1:9', true],
  ['tests naming telegram with an outside connector', anonymousTests, 'telegram', 'https://telegram.botframework.com/', false],
  ['Azure Bot Service Telegram', withAppId, 'telegram', 'https://telegram.botframework.com/', true],
  ['Azure Bot Service Web Chat in Europe', withAppId, 'webchat', 'https://europe.webchat.botframework.com/', true],
  ['Teams', withAppId, 'msteams', 'https://smba.trafficmanager.net/emea/', true],
  ['a name anyone can create under trafficmanager.net', withAppId, 'msteams', 'https://evil.trafficmanager.net/', false],
  ['Azure China', withAppId, 'webchat', 'https://webchat.botframework.azure.cn/', true],
  ['US government cloud', withAppId, 'webchat', 'https://webchat.botframework.azure.us/', true],
  ['the Emulator with an app id, on loopback', withAppId, 'emulator', 'http://localhost:52000', true],
  ['a channel replying to loopback with an app id', withAppId, 'msteams', 'http://127.0.0.1:9', false],
  ['a host that only ends like Bot Framework', withAppId, 'webchat', 'https://evilbotframework.com/', false],
  ['Bot Framework over plain http', withAppId, 'webchat', 'http://webchat.botframework.com/', false],
  ['an attacker host', withAppId, 'webchat', 'https://attacker.example/', false],
];

describe('who may post to /api/messages and where replies may go', () => {
  for (const [who, policy, channelId, serviceUrl, allowed] of rows) {
    it(`${allowed ? 'serves' : 'refuses'} ${who}`, () => {
      const problem = ingressProblem({ channelId, serviceUrl }, policy);
      if (allowed) assert.equal(problem, undefined);
      else assert.match(problem ?? '', /.{20,}/, 'refused with a reason');
    });
  }

  it('refuses a missing serviceUrl', () => {
    assert.match(ingressProblem({ channelId: 'emulator' }, anonymous) ?? '', /serviceUrl/);
  });

  it('ALLOW_ANONYMOUS_BOT_FRAMEWORK stops start-up in production, naming it', () => {
    assert.throws(() => loadConfig({ ALLOW_ANONYMOUS_BOT_FRAMEWORK: 'true', NODE_ENV: 'production' }), /ALLOW_ANONYMOUS_BOT_FRAMEWORK: for tests only/);
    assert.equal(loadConfig({ ALLOW_ANONYMOUS_BOT_FRAMEWORK: 'true' }).env.ALLOW_ANONYMOUS_BOT_FRAMEWORK, true);
    assert.equal(loadConfig({}).env.ALLOW_ANONYMOUS_BOT_FRAMEWORK, false);
  });

  it('without an app id, takes only connections from this machine that came through no proxy', () => {
    assert.equal(anonymousCallerProblem('127.0.0.1', {}), undefined);
    assert.equal(anonymousCallerProblem('::1', {}), undefined);
    assert.equal(anonymousCallerProblem('::ffff:127.0.0.1', {}), undefined);
    assert.match(anonymousCallerProblem('203.0.113.7', {}) ?? '', /only a caller on this machine/);
    assert.match(anonymousCallerProblem('::ffff:10.1.2.3', {}) ?? '', /only a caller on this machine/);
    assert.match(anonymousCallerProblem(undefined, {}) ?? '', /only a caller on this machine/);
    assert.match(anonymousCallerProblem('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }) ?? '', /through a proxy/);
    assert.match(anonymousCallerProblem('127.0.0.1', { forwarded: 'for=203.0.113.7' }) ?? '', /through a proxy/);
  });
});
