#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../bots/config';
import { startTelemetry } from '../bots/observability/telemetry';
import { projectRoot } from '../channels/shared/projectRoot';

const USAGE = `Usage: switchboard <command>

Commands:
  start        serve the bot (the web chat page, /api/messages and every channel whose settings are set)
  help         show this text
  version      show the version

Settings come from the environment and a .env file in the current folder (the environment wins);
the README lists them.`;

function configOrExit(): Config {
  // Node's own .env reader instead of a dependency; as with dotenv, the real environment wins.
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** `switchboard start`: config → telemetry → the app (index.ts) → listen, and a graceful stop on SIGTERM/SIGINT. */
async function start(): Promise<void> {
  const config = configOrExit();
  // Telemetry first, and the rest loaded after it, so OpenTelemetry can instrument http and the Azure
  // SDK. Its hooks patch require(), so this is a CommonJS require, not import(): that is also what
  // keeps it extensionless under moduleResolution nodenext.
  const stopTelemetry = await startTelemetry(config);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startServer } = require('../index') as typeof import('../index');
  const running = await startServer({ config });
  const { logger } = running;
  if (stopTelemetry) logger.info('Application Insights export enabled');

  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 20_000).unref();
    running
      .stop()
      // Telemetry that cannot be flushed is lost, but the server did stop cleanly.
      .then(() => stopTelemetry?.().catch((err: unknown) => logger.warn({ err }, 'Application Insights: final flush failed')))
      .then(
        () => {
          clearTimeout(forced);
          logger.info('stopped');
          logger.flush();
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

function version(): string {
  const manifest = JSON.parse(readFileSync(join(projectRoot(__dirname), 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

const command = process.argv[2] ?? 'start';
if (command === 'start') {
  start().catch((err: unknown) => {
    console.error('Switchboard failed to start:', err);
    process.exit(1);
  });
} else if (command === 'help' || command === '--help' || command === '-h') {
  process.stdout.write(`${USAGE}\n`);
} else if (command === 'version' || command === '--version' || command === '-v') {
  process.stdout.write(`${version()}\n`);
} else {
  console.error(`switchboard: unknown command "${command}"\n\n${USAGE}`);
  process.exit(2);
}
