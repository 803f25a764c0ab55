import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, symlinkSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import jwt from 'jsonwebtoken';
import pino from 'pino';
import { loadConfig } from '../../bots/config';
import { silentLogger } from '../../bots/logger';
import { TOKEN_SECRET_FILE, webChatTokenSecret } from '../../channels/webchat/tokenSecret';
import { TOKEN_ISSUER, TokenService } from '../../channels/webchat/tokens';

const SECRET = 'a-webchat-token-secret-of-forty-characters';

function signedWith(secret: string, expiresIn = 60): string {
  return jwt.sign({ conv: 'wc_1', user: 'dl_1' }, secret, { algorithm: 'HS256', subject: 'dl_1', issuer: TOKEN_ISSUER, expiresIn });
}

describe('Direct Line tokens', () => {
  it('accepts a token signed with WEBCHAT_TOKEN_SECRET as a plain string (another instance, an earlier release)', () => {
    const check = new TokenService(SECRET).check(signedWith(SECRET));
    assert.deepEqual(check.ok && check.scope, { conversationId: 'wc_1', userId: 'dl_1' });
  });

  it('issues tokens that the same secret as a plain string verifies', () => {
    const { token } = new TokenService(SECRET).issue({ conversationId: 'wc_2', userId: 'dl_2' });
    const claims = jwt.verify(token, SECRET, { algorithms: ['HS256'], issuer: TOKEN_ISSUER });
    assert.equal(typeof claims === 'object' && claims.conv, 'wc_2');
  });

  it('refuses a token signed with another secret, and an expired one, with 403 and a reason', () => {
    const service = new TokenService(SECRET);
    assert.deepEqual(service.check(signedWith('another-secret-another-secret-another-secret')), { ok: false, status: 403, reason: 'token is invalid' });
    const expired = service.check(signedWith(SECRET, -10));
    assert.equal(expired.ok, false);
    assert.match(expired.ok ? '' : expired.reason, /expired/);
  });
});

describe('the web chat token secret when WEBCHAT_TOKEN_SECRET is unset', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-secret-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const env = (extra: Record<string, string>) => loadConfig({ DATA_DIR: dir, ...extra }).env;

  it('uses WEBCHAT_TOKEN_SECRET when it is set, and writes no file', () => {
    assert.equal(webChatTokenSecret(env({ WEBCHAT_TOKEN_SECRET: SECRET }), silentLogger()), SECRET);
    assert.equal(existsSync(join(dir, TOKEN_SECRET_FILE)), false);
  });

  it('takes the secret another process already wrote to DATA_DIR instead of making its own', () => {
    writeFileSync(join(dir, TOKEN_SECRET_FILE), `${SECRET}\n`, { mode: 0o600 });
    assert.equal(webChatTokenSecret(env({ STORAGE: 'file' }), silentLogger()), SECRET);
  });

  it('refuses to start on an empty secret file, naming the file and the variable', () => {
    writeFileSync(join(dir, TOKEN_SECRET_FILE), '', { mode: 0o600 });
    assert.throws(() => webChatTokenSecret(env({ STORAGE: 'file' }), silentLogger()), (err: Error) => err.message.includes(TOKEN_SECRET_FILE) && /WEBCHAT_TOKEN_SECRET/.test(err.message));
  });

  it('refuses a secret file others may read or write, or a link in its place, instead of trusting a planted secret', () => {
    const file = join(dir, TOKEN_SECRET_FILE);
    writeFileSync(file, `${SECRET}\n`, { mode: 0o600 });
    chmodSync(file, 0o644);
    assert.throws(() => webChatTokenSecret(env({ STORAGE: 'file' }), silentLogger()), /can be read or written by others \(mode 644; chmod 600 it\)/);
    rmSync(file);
    const planted = join(dir, 'planted');
    writeFileSync(planted, `${SECRET}\n`, { mode: 0o600 });
    symlinkSync(planted, file);
    assert.throws(() => webChatTokenSecret(env({ STORAGE: 'file' }), silentLogger()), /is not a plain file/);
  });

  it('generates the secret once and leaves no temporary file behind', () => {
    const first = webChatTokenSecret(env({ STORAGE: 'file' }), silentLogger());
    assert.equal(webChatTokenSecret(env({ STORAGE: 'file' }), silentLogger()), first);
    assert.deepEqual(readdirSync(dir), [TOKEN_SECRET_FILE]);
  });

  it('STORAGE=cosmos: warns that tokens will not survive restarts or span instances', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const secret = webChatTokenSecret(env({ STORAGE: 'cosmos', COSMOS_ENDPOINT: 'https://cosmos.example.test:8081/' }), pino({ level: 'warn' }, sink));
    assert.equal(secret, undefined, 'a random one per start');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /not survive a restart or work across instances; set WEBCHAT_TOKEN_SECRET/);
  });
});
