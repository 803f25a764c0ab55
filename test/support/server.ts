import { createApp, type AppOptions } from '../../index';
import type { ServerLimits } from '../../bots/server';
import type { TurnPipelineOptions } from '../../bots/pipeline';
import { silentLogger } from '../../bots/logger';
import { MemoryStore } from '../../bots/state/memoryStore';
import type { ManagedStorage } from '../../bots/state/types';
import type { ChannelFactory } from '../../channels/channel';
import { channelFactories } from '../../channels/registry';
import { testConfig } from './bot';

/** Retries after a failed send come quickly in tests (production waits 2 s, doubling up to 5 min). */
export const TEST_DELIVERY = { firstDelayMs: 50, maxDelayMs: 400 };

/** The whole server on 127.0.0.1 with an ephemeral port; call `stop` in an after hook. */
export async function serverUnderTest(
  env: Record<string, string> = {},
  storage: ManagedStorage = new MemoryStore(),
  channels?: readonly ChannelFactory[],
  clock?: () => Date,
  limits?: ServerLimits,
  pipeline: TurnPipelineOptions = {},
  extra: Omit<AppOptions, 'pipeline' | 'channels' | 'clock' | 'limits'> = {},
) {
  const config = testConfig(env);
  const app = createApp(config, storage, silentLogger(), {
    drainTimeoutMs: 2000,
    ...extra,
    ...(clock ? { clock } : {}),
    ...(limits ? { limits } : {}),
    pipeline: { ...pipeline, delivery: { ...TEST_DELIVERY, ...pipeline.delivery } },
    channels: channels ?? channelFactories,
  });
  const { port } = await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return { app, baseUrl, storage, stop: () => app.shutdown() };
}
