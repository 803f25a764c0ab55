import { trustedBotFrameworkHost } from '../shared/azureServiceUrl';

/**
 * Who may post to /api/messages, and where its replies may go. Without MicrosoftAppId nothing
 * authenticates the caller, so the channel id and serviceUrl in the body are the caller's word:
 * only the Bot Framework Emulator on this machine is served, otherwise anyone could post as a
 * Telegram customer (`channelId: telegram` and a guessed chat id) or make the bot POST its replies
 * to any URL. With an app id, CloudAdapter verifies the channel's token, whose serviceurl claim must
 * match; replies still go only to Bot Framework's own hosts, or the Emulator on loopback.
 */
export interface IngressPolicy {
  /** MicrosoftAppId is set: CloudAdapter checks the token after this. */
  authenticated: boolean;
  /** ALLOW_ANONYMOUS_BOT_FRAMEWORK (tests only): anonymous posts may name any channel id. */
  allowAnonymousChannels: boolean;
}

export const EMULATOR_CHANNEL = 'emulator';

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

function serviceHost(serviceUrl: string | undefined): { host: string; https: boolean } | undefined {
  if (!serviceUrl) return undefined;
  try {
    const url = new URL(serviceUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return { host: url.hostname.toLowerCase(), https: url.protocol === 'https:' };
  } catch {
    return undefined;
  }
}

/** Why this activity may not be taken, phrased for a 403, or undefined when it may. */
export function ingressProblem(activity: { channelId?: string; serviceUrl?: string }, policy: IngressPolicy): string | undefined {
  const channelId = activity.channelId ?? '';
  const service = serviceHost(activity.serviceUrl);
  if (!service) return 'activity.serviceUrl must be an http(s) URL';
  if (!policy.authenticated) {
    if (channelId !== EMULATOR_CHANNEL && !policy.allowAnonymousChannels) {
      return `without MicrosoftAppId only the Bot Framework Emulator (channelId "${EMULATOR_CHANNEL}") may post here; set MicrosoftAppId for Azure Bot Service`;
    }
    if (!isLoopback(service.host)) return 'without MicrosoftAppId replies go only to a serviceUrl on this machine (the Emulator)';
    return undefined;
  }
  if (channelId === EMULATOR_CHANNEL && isLoopback(service.host)) return undefined;
  if (!service.https || !trustedBotFrameworkHost(service.host)) return `activity.serviceUrl ${service.host} is not a Bot Framework channel host`;
  return undefined;
}

/**
 * Without an app id the body's word is not enough: anyone who can reach the port could say
 * "emulator" and a loopback serviceUrl, use the whole bot and make it POST to services on this
 * machine. So the connection itself must come from this machine, and not through a proxy (a
 * front end such as App Service's adds X-Forwarded-For).
 */
export function anonymousCallerProblem(remoteAddress: string | undefined, headers: Record<string, string | string[] | undefined>): string | undefined {
  const peer = (remoteAddress ?? '').replace(/^::ffff:/, '');
  if (!isLoopback(peer)) return 'without MicrosoftAppId only a caller on this machine (the Emulator) may post here; set MicrosoftAppId for Azure Bot Service';
  if (headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined) return 'without MicrosoftAppId requests through a proxy are refused; set MicrosoftAppId for Azure Bot Service';
  return undefined;
}
