import { TestAdapter, type Activity } from 'botbuilder';
import { loadConfig, type Config } from '../../bots/config';
import { createBot } from '../../index';
import { silentLogger } from '../../bots/logger';
import type { StatefulTurnOptions } from '../../bots/pipeline/statefulTurn';
import type { ManagedStorage } from '../../bots/state/types';
import type { ShopServices } from '../../dialogs';
import type { DialogModule } from '../../dialogs/registry';
import { MemoryStore } from '../../bots/state/memoryStore';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent', ...env });
}

/** The real bot behind a TestAdapter with the real pipeline installed (no HTTP). */
export function botUnderTest(options: { storage?: ManagedStorage; channelId?: string; config?: Config; pipeline?: StatefulTurnOptions; clock?: () => Date; modules?: readonly DialogModule[]; services?: ShopServices } = {}) {
  const config = options.config ?? testConfig();
  const storage = options.storage ?? new MemoryStore();
  const { bot, pipeline } = createBot(config, storage, silentLogger(), {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.pipeline ? { pipeline: options.pipeline } : {}),
    ...(options.modules ? { modules: options.modules } : {}),
    ...(options.services ? { services: options.services } : {}),
  });
  const adapter = new TestAdapter((context) => bot.run(context), {
    channelId: options.channelId ?? 'webchat',
  } as Partial<Activity>);
  pipeline.install(adapter);
  return { adapter, pipeline, storage, config };
}

