/** Deeper than any activity, webhook or API body we take (Adaptive Cards nest a few dozen levels at most). */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]

/**
 * The deepest nesting of objects and arrays in JSON text, read from the bytes before JSON.parse
 * builds anything: a body nested thousands deep parses, but then overflows the stack in whatever
 * walks it later (serialising it into the store failed after the log header was committed).
 * Stops counting once past `limit`. Written by hand: JSON.parse has no depth option, and a
 * streaming parser would be a dependency for one number.
 */
export function jsonDepth(raw: Buffer, limit: number = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const byte = raw[i] ?? 0;
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (CLOSERS.has(byte)) {
      depth -= 1;
    }
  }
  return deepest;
}
