import 'dotenv/config';
import { createApp } from './bots/app';
import { ConfigError, loadConfig } from './bots/config';
import { createLogger } from './bots/logger';
import { channelFactories } from './channels/registry';
import { createStorage } from './bots/state/storageFactory';

/** Process entry point: config → storage → app → listen, and a graceful stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config);
  const storage = await createStorage(config, logger);
  const app = createApp(config, storage, logger, { channels: channelFactories });
  const { url } = await app.listen();
  logger.info({ url, storage: config.env.STORAGE }, `Switchboard is listening on ${url}`);

  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 20_000).unref();
    app.shutdown().then(
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
