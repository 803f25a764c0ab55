import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
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
