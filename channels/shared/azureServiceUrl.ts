/**
 * Whether a conversation came through Azure Bot Service's own channel of the same name (its
 * Telegram, Facebook and e-mail channels reuse our channel ids): their serviceUrl is on
 * botframework.com, ours is the platform API root we were configured with.
 */
export function viaAzureBotService(serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  try {
    const host = new URL(serviceUrl).hostname;
    return host === 'botframework.com' || host.endsWith('.botframework.com');
  } catch {
    return false;
  }
}
