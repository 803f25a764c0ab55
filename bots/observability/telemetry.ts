import type { Config } from '../config';

/** Flushes and stops the exporter; resolves at once when telemetry was never started. */
export type StopTelemetry = () => Promise<void>;

/**
 * Starts the Azure Monitor OpenTelemetry distro (requests, outgoing HTTP and Azure SDK calls,
 * exceptions, standard metrics) when APPLICATIONINSIGHTS_CONNECTION_STRING is set. The distro is
 * imported only then: it pulls in the whole OpenTelemetry SDK, which would slow every cold start
 * of a server that does not use it. Call it before the HTTP server and clients are loaded, so
 * their modules are instrumented.
 */
export async function startTelemetry(config: Config): Promise<StopTelemetry | undefined> {
  const connectionString = config.env.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!connectionString) return undefined;
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    instrumentationOptions: { http: { enabled: true }, azureSdk: { enabled: true } },
  });
  return () => shutdownAzureMonitor();
}
