import { TestAdapter, type Activity } from 'botbuilder';
import { loadConfig, type Config } from '../../bots/config';
import { CustomerServiceBot } from '../../bots/customerServiceBot';
import { silentLogger } from '../../bots/logger';
import { TurnPipeline } from '../../bots/pipeline';
import type { StatefulTurnOptions } from '../../bots/pipeline/statefulTurn';
import type { ManagedStorage } from '../../bots/state/types';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createDialogs } from '../../dialogs';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent', ...env });
}

/** The real bot behind a TestAdapter with the real pipeline installed (no HTTP). */
export function botUnderTest(options: { storage?: ManagedStorage; channelId?: string; config?: Config; pipeline?: StatefulTurnOptions; clock?: () => Date } = {}) {
  const config = options.config ?? testConfig();
  const storage = options.storage ?? new MemoryStore();
  const pipeline = new TurnPipeline(config, storage, silentLogger(), options.pipeline);
  const bot = new CustomerServiceBot(createDialogs(config, storage, options.clock ? { clock: options.clock } : {}).mainDialog, {
    shopName: config.env.SHOP_NAME,
    defaultLocale: config.defaultLocale,
  });
  const adapter = new TestAdapter((context) => bot.run(context), {
    channelId: options.channelId ?? 'webchat',
  } as Partial<Activity>);
  pipeline.install(adapter);
  return { adapter, pipeline, storage, config };
}

