import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** What the log format depends on besides config; tests replace it. */
export interface LogSurroundings {
  /** Whether stdout is a terminal someone reads. */
  isTTY: boolean;
  /** Finds an installed module's file, throwing when it is not installed (require.resolve). */
  resolve: (id: string) => string;
  /** Where JSON lines go; stdout when unset. */
  destination?: DestinationStream;
}

const processSurroundings = (): LogSurroundings => ({ isTTY: process.stdout.isTTY === true, resolve: require.resolve });

/**
 * Pretty output only for a developer at a terminal, and only where pino-pretty is installed: it is
 * a dev dependency, so `npm ci --omit=dev` started in a terminal would otherwise fail at start.
 */
export function usePrettyLogs(input: { production: boolean; isTTY: boolean; prettyInstalled: boolean }): boolean {
  return !input.production && input.isTTY && input.prettyInstalled;
}

function installedPath(resolve: LogSurroundings['resolve'], id: string): string | undefined {
  try {
    return resolve(id);
  } catch {
    return undefined;
  }
}

/**
 * JSON lines in production (for App Service / Log Analytics), pretty output on a developer's
 * terminal. Message text and personal data are only ever logged at debug level.
 */
export function createLogger(config: Config, surroundings: LogSurroundings = processSurroundings()): Logger {
  const options = {
    level: config.env.LOG_LEVEL,
    base: { service: 'switchboard' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.token'], remove: true },
  };
  // Resolved here and handed to pino as a path, so the module checked is the module loaded.
  const prettyPath = installedPath(surroundings.resolve, 'pino-pretty');
  const pretty = usePrettyLogs({ production: config.production, isTTY: surroundings.isTTY, prettyInstalled: prettyPath !== undefined });
  if (pretty && prettyPath !== undefined) {
    return pino({ ...options, transport: { target: prettyPath, options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  return surroundings.destination ? pino(options, surroundings.destination) : pino(options);
}

/** A logger that drops everything; for tests that do not assert on logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
