/**
 * Hosts Azure Bot Service's connectors answer on (public cloud, US government, China, Teams). A
 * serviceUrl elsewhere is not a Bot Framework channel, whatever the token says. Teams' connector
 * is pinned to smba.trafficmanager.net: anyone can create a name under trafficmanager.net.
 */
const TRUSTED_SERVICE_DOMAINS = ['botframework.com', 'botframework.us', 'botframework.azure.us', 'botframework.azure.cn', 'smba.trafficmanager.net', 'teams.microsoft.com', 'teams.microsoft.us'];

export const trustedBotFrameworkHost = (host: string): boolean => TRUSTED_SERVICE_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));

/**
 * Whether a conversation came through Azure Bot Service's own channel of the same name (its
 * Telegram, Facebook and e-mail channels reuse our channel ids), in any of its clouds: their
 * serviceUrl is a Bot Framework host, ours is the platform API root we were configured with.
 */
export function viaAzureBotService(serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  try {
    return trustedBotFrameworkHost(new URL(serviceUrl).hostname.toLowerCase());
  } catch {
    return false;
  }
}
