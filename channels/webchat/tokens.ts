import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** Direct Line tokens live 30 minutes; clients refresh them before that. */
export const TOKEN_LIFETIME_SECONDS = 30 * 60;
export const TOKEN_ISSUER = 'switchboard-webchat';

/** Whose conversation a token opens. */
export interface TokenScope {
  conversationId: string;
  userId: string;
}

export type TokenCheck = { ok: true; scope: TokenScope; token: string } | { ok: false; status: 401 | 403; reason: string };

export function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('base64url')}`;
}

/**
 * Signs and checks Direct Line tokens (HS256 JWTs scoped to one conversation and one anonymous
 * customer). Without a secret (see tokenSecret.ts for when) it uses a random one, which ends open
 * sessions when the process stops.
 */
export class TokenService {
  // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it
  // as a PEM public key on every call, which was 42% of a Direct Line turn in the benchmark profile.
  // The key bytes are the string's UTF-8 bytes either way, so existing tokens stay valid.
  private readonly secret: KeyObject;

  constructor(secret: string | undefined, readonly lifetimeSeconds: number = TOKEN_LIFETIME_SECONDS) {
    this.secret = createSecretKey(Buffer.from(secret ?? randomBytes(32).toString('base64url'), 'utf8'));
  }

  issue(scope: TokenScope): { token: string; expires_in: number } {
    // `user` is the claim Web Chat reads its own user id from (as in Azure's Direct Line tokens),
    // so it recognises the server-stamped `from.id` of the customer's messages as its own.
    const token = jwt.sign({ conv: scope.conversationId, user: scope.userId }, this.secret, {
      algorithm: 'HS256',
      subject: scope.userId,
      issuer: TOKEN_ISSUER,
      expiresIn: this.lifetimeSeconds,
    });
    return { token, expires_in: this.lifetimeSeconds };
  }

  /** Checks a raw token (from a header or the stream URL). Missing → 401; bad or expired → 403. */
  check(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, status: 401, reason: 'a Direct Line token is required (Authorization: Bearer <token>)' };
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: TOKEN_ISSUER });
      if (typeof claims === 'string' || typeof claims.conv !== 'string' || typeof claims.sub !== 'string') {
        return { ok: false, status: 403, reason: 'token has no conversation scope' };
      }
      return { ok: true, scope: { conversationId: claims.conv, userId: claims.sub }, token };
    } catch (err) {
      const expired = err instanceof jwt.TokenExpiredError;
      return { ok: false, status: 403, reason: expired ? 'token expired; generate or refresh a token' : 'token is invalid' };
    }
  }

  /** Checks an `Authorization: Bearer …` header value. */
  checkHeader(header: string | undefined): TokenCheck {
    if (!header) return this.check(undefined);
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return { ok: false, status: 401, reason: 'Authorization header must be "Bearer <token>"' };
    return this.check(match[1]);
  }
}
