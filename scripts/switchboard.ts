import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../bots/config';
import { startTelemetry } from '../bots/observability/telemetry';

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

/** Process entry point: config → telemetry → storage → app → listen, and a graceful stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = configOrExit();
  // Telemetry first, and the rest loaded after it, so OpenTelemetry can instrument http and the Azure
  // SDK. Its hooks patch require(), so these are CommonJS requires, not import(): that is also what
  // keeps them extensionless under moduleResolution nodenext.
  const stopTelemetry = await startTelemetry(config);
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createApp } = require('../index') as typeof import('../index');
  const { createLogger } = require('../bots/logger') as typeof import('../bots/logger');
  const { channelFactories } = require('../channels/registry') as typeof import('../channels/registry');
  const { createStorage } = require('../bots/state/storageFactory') as typeof import('../bots/state/storageFactory');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const logger = createLogger(config);
  if (stopTelemetry) logger.info('Application Insights export enabled');
  const storage = await createStorage(config, logger);
  const app = createApp(config, storage, logger, { channels: channelFactories });
  const { url } = await app.listen();
  logger.info({ url, storage: config.env.STORAGE }, `Switchboard is listening on ${url}`);

  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 20_000).unref();
    app
      .shutdown()
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

main().catch((err: unknown) => {
  console.error('Switchboard failed to start:', err);
  process.exit(1);
});
