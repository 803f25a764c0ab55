import assert from 'node:assert/strict';
import { startTelemetry } from '../../bots/observability/telemetry';
import { testConfig } from '../support/bot';

describe('Application Insights export', () => {
  it('is not started, and its SDK not even loaded, without APPLICATIONINSIGHTS_CONNECTION_STRING', async () => {
    assert.equal(await startTelemetry(testConfig()), undefined);
    const loaded = Object.keys(require.cache).filter((path) => path.includes('@azure/monitor-opentelemetry'));
    assert.deepEqual(loaded, []);
  });
});
