import { createApp } from '../../bots/app';
import type { ServerLimits } from '../../bots/server';
import { silentLogger } from '../../bots/logger';
import { MemoryStore } from '../../bots/state/memoryStore';
import type { ManagedStorage } from '../../bots/state/types';
import type { ChannelFactory } from '../../channels/channel';
import { channelFactories } from '../../channels/registry';
import { testConfig } from './bot';

/** The whole server on 127.0.0.1 with an ephemeral port; call `stop` in an after hook. */
export async function serverUnderTest(
  env: Record<string, string> = {},
  storage: ManagedStorage = new MemoryStore(),
  channels?: readonly ChannelFactory[],
  clock?: () => Date,
  limits?: ServerLimits,
) {
  const config = testConfig(env);
  const app = createApp(config, storage, silentLogger(), { drainTimeoutMs: 2000, ...(clock ? { clock } : {}), ...(limits ? { limits } : {}), channels: channels ?? channelFactories });
  const { port } = await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return { app, baseUrl, storage, stop: () => app.shutdown() };
}
