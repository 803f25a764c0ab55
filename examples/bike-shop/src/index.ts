import { existsSync } from 'node:fs';
import { startServer } from 'switchboard';
import { bikeShop } from './bikeShop';

// Settings (PORT, STORAGE, TELEGRAM_BOT_TOKEN, …) come from the environment, as for `switchboard start`.
if (existsSync('.env')) process.loadEnvFile('.env');

startServer(bikeShop()).then(
  (running) => {
    const stop = () => void running.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (err: unknown) => {
    console.error('The bike shop bot failed to start:', err);
    process.exit(1);
  },
);
