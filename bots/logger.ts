import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/**
 * JSON lines in production (for App Service / Log Analytics), pretty output on a developer's
 * terminal. Message text and personal data are only ever logged at debug level.
 */
export function createLogger(config: Config): Logger {
  const pretty = !config.production && process.stdout.isTTY === true;
  return pino({
    level: config.env.LOG_LEVEL,
    base: { service: 'switchboard' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.token'], remove: true },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
  });
}

/** A logger that drops everything; for tests that do not assert on logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
