import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>` against an HMAC-SHA256 of the raw body (pure,
 * constant-time). The raw bytes matter: re-serialised JSON would not match Meta's signature.
 */
export function validSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  // Exactly 64 hex digits: Buffer.from(hex) stops at the first bad character, so junk after a
  // valid signature would otherwise pass.
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(header ?? '')?.[1];
  if (!hex) return false;
  const given = Buffer.from(hex, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header a real Messenger webhook call carries; tests sign their requests with it. */
export function signatureFor(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
