import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed webhooks in Stripe's scheme, which shop platforms already know how to send:
 * `Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. The
 * timestamp is signed with the body, so an old request sent again is refused once it is older
 * than the tolerance (and a newer one sent again is caught by the event id).
 */
export const SIGNATURE_HEADER = 'switchboard-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureProblem = 'missing' | 'malformed' | 'expired' | 'mismatch';

export function signatureOf(raw: Buffer | string, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex');
}

/** The header a sender puts on `raw`; for shops writing a sender, and for tests. */
export function signatureHeader(raw: Buffer | string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${signatureOf(raw, secret, timestamp)}`;
}

function parse(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (rest.length > 0 || value === undefined) return undefined;
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Several v1 values are allowed: a sender rotating its secret signs with both for a while.
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/** Why a signature is not good for `raw` now, or undefined when it is. Compared in constant time. */
export function signatureProblem(header: string | undefined, raw: Buffer, secret: string, nowSeconds: number): SignatureProblem | undefined {
  if (!header) return 'missing';
  const parsed = parse(header);
  if (!parsed) return 'malformed';
  if (Math.abs(nowSeconds - parsed.timestamp) > SIGNATURE_TOLERANCE_SECONDS) return 'expired';
  const expected = Buffer.from(signatureOf(raw, secret, parsed.timestamp), 'hex');
  const matches = parsed.signatures.map((given) => timingSafeEqual(Buffer.from(given, 'hex'), expected));
  return matches.includes(true) ? undefined : 'mismatch';
}
