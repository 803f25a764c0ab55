import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Env } from '../../bots/config';
import type { Logger } from '../../bots/logger';

/** The file under DATA_DIR that keeps the generated secret when WEBCHAT_TOKEN_SECRET is unset. */
export const TOKEN_SECRET_FILE = 'webchat-token-secret';
const MIN_LENGTH = 32;

/** Blocks the thread briefly: start-up is synchronous here, and the wait is a few milliseconds. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The secret that signs Direct Line tokens. WEBCHAT_TOKEN_SECRET when set. Otherwise, with the
 * file store, one generated on the first start and kept next to the state, so a restart does not
 * end every open web chat; with memory storage nothing survives a restart anyway, so undefined (a
 * random one per start); with Cosmos DB the state outlives this machine's disk, so undefined too,
 * with a warning.
 */
export function webChatTokenSecret(env: Pick<Env, 'WEBCHAT_TOKEN_SECRET' | 'STORAGE' | 'DATA_DIR'>, logger: Logger): string | undefined {
  if (env.WEBCHAT_TOKEN_SECRET) return env.WEBCHAT_TOKEN_SECRET;
  if (env.STORAGE === 'memory') return undefined;
  if (env.STORAGE === 'cosmos') {
    logger.warn('WEBCHAT_TOKEN_SECRET is unset: web chat tokens will not survive a restart or work across instances; set WEBCHAT_TOKEN_SECRET');
    return undefined;
  }
  return keptSecret(resolve(env.DATA_DIR), logger);
}

function keptSecret(directory: string, logger: Logger): string {
  const file = join(directory, TOKEN_SECRET_FILE);
  mkdirSync(directory, { recursive: true });
  const generated = randomBytes(32).toString('base64url');
  try {
    // Exclusive create: of two processes starting on one DATA_DIR, exactly one writes the secret
    // and the other reads it, so both accept each other's tokens.
    writeFileSync(file, `${generated}\n`, { flag: 'wx', mode: 0o600 });
    logger.info({ file }, 'web chat token secret generated and kept (set WEBCHAT_TOKEN_SECRET to choose one)');
    return generated;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if ((statSync(file).mode & 0o077) !== 0) logger.warn({ file }, 'the web chat token secret file is readable by other users; chmod 600 it');
  // The other process may have created the file and not yet written it: give it a moment.
  for (let attempt = 0; ; attempt += 1) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= MIN_LENGTH) return secret;
    if (attempt === 10) {
      throw new Error(`webChatTokenSecret(): ${file} holds no secret of at least ${MIN_LENGTH} characters; delete it to generate a new one, or set WEBCHAT_TOKEN_SECRET`);
    }
    pause(20);
  }
}
