import type { DialogModule } from '../registry';
import { SHOP_EVENT_JOB, shopEventTurn } from './eventTurn';

/** The shop's events (order shipped, back in stock) said in the customer's conversation; POST /api/events files them. */
export const shopEventsModule: DialogModule = {
  name: 'shopEvents',
  intents: {},
  build: () => [],
  route: () => undefined,
  jobs: ({ config }) => ({ [SHOP_EVENT_JOB]: shopEventTurn(config.defaultLocale) }),
};
