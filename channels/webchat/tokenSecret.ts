import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Env } from '../../bots/config';
import type { Logger } from '../../bots/logger';

/** The file under DATA_DIR that keeps the generated secret when WEBCHAT_TOKEN_SECRET is unset. */
export const TOKEN_SECRET_FILE = 'webchat-token-secret';
const MIN_LENGTH = 32;

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

/**
 * The kept secret signs every web chat token: a file someone else could have written (a link, a
 * file of another user, one others may write or read) could be a planted secret, so it is refused.
 */
function readKept(file: string): string {
  const stat = lstatSync(file);
  const refuse = (why: string) => {
    throw new Error(`webChatTokenSecret(): ${file} ${why}; delete it to generate a new one, or set WEBCHAT_TOKEN_SECRET`);
  };
  if (!stat.isFile()) refuse('is not a plain file');
  // Windows has no owner ids and reports every file as 0666; its ACLs are the user's profile's.
  const posix = process.platform !== 'win32';
  if (posix && typeof process.getuid === 'function' && stat.uid !== process.getuid()) refuse('belongs to another user');
  if (posix && (stat.mode & 0o077) !== 0) refuse(`can be read or written by others (mode ${(stat.mode & 0o777).toString(8)}; chmod 600 it)`);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_LENGTH) refuse(`holds no secret of at least ${MIN_LENGTH} characters`);
  return secret;
}

function keptSecret(directory: string, logger: Logger): string {
  const file = join(directory, TOKEN_SECRET_FILE);
  mkdirSync(directory, { recursive: true });
  if (existsSync(file)) return readKept(file);
  // Written whole to a private temporary file, then linked into place: the link either appears
  // complete or fails with EEXIST, so a crash leaves no empty secret file behind, and of two
  // processes starting on one DATA_DIR one wins and the other reads the winner's secret.
  const generated = randomBytes(32).toString('base64url');
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${generated}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, file);
    logger.info({ file }, 'web chat token secret generated and kept (set WEBCHAT_TOKEN_SECRET to choose one)');
    return generated;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readKept(file);
  } finally {
    unlinkSync(temporary);
  }
}
