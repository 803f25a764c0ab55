import type { Activity, ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Request, Response } from 'restify';
import { ANY_BOT_FRAMEWORK_CHANNEL, type ChannelFactory, type ChannelModule } from '../channel';
import { guarded, jsonBody, sendError } from '../../bots/http/handlers';
import { viaAzureBotService } from '../shared/azureServiceUrl';
import { activityProblem, bearerTokenProblem } from './activitySchema';
import { anonymousCallerProblem, ingressProblem, type IngressPolicy } from './trustedIngress';
import { ClientReusingAuthentication } from './reusedClients';
import { isAuthenticationFailure, RouteCloudAdapter, signingKeysUnreachable } from './routeAdapter';

/**
 * Channel ids our own optional channel modules stamp; Azure Bot Service has channels of these names
 * too. (`webchat` is settled by the embedded web chat, which is always on and owns only the
 * conversations in its log.)
 */
const OWN_CHANNEL_IDS = new Set(['telegram', 'facebook', 'email']);

/**
 * Azure Bot Service and the Bot Framework Emulator: POST /api/messages through CloudAdapter, which
 * checks the channel's JWT when MicrosoftAppId is set and accepts anonymous requests otherwise.
 */
/** Bot Framework authentication settings beyond the app's own (the cloud's URLs); tests point them at local ports. */
export const azureTuning: { authentication?: Partial<ConfigurationBotFrameworkAuthenticationOptions> } = {};

export const createAzureChannel: ChannelFactory = (deps) => {
  const env = deps.config.env;
  const auth: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: env.MicrosoftAppId ?? '',
    MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
    MicrosoftAppType: env.MicrosoftAppType ?? (env.MicrosoftAppId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: env.MicrosoftAppTenantId ?? '',
    ...azureTuning.authentication,
  };
  const adapter = new RouteCloudAdapter(new ClientReusingAuthentication(auth), auth.MicrosoftAppId ?? '');
  // The body names the channel; this module vouches only for having come through /api/messages, so
  // its conversations never share state keys with our own Telegram, Messenger, e-mail or web chat.
  deps.installPipeline(adapter, { stateNamespace: (activity) => `azure.${activity.channelId ?? 'unknown'}` });
  const requireAuth = Boolean(env.MicrosoftAppId);
  const policy: IngressPolicy = { authenticated: requireAuth, allowAnonymousChannels: env.ALLOW_ANONYMOUS_BOT_FRAMEWORK };

  const module: ChannelModule = {
    id: 'azure',
    // Activities from Azure Bot Service carry the id of whichever channel they came through
    // (msteams, slack, webchat, emulator, …): this module takes every conversation no other claims.
    channelIds: [ANY_BOT_FRAMEWORK_CHANNEL],
    // Never one of our own channels' conversations (their module may just not be running here):
    // posting to a platform API as if it were a Bot Framework connector would send it our token.
    async ownsConversation(reference) {
      return viaAzureBotService(reference.serviceUrl) || !OWN_CHANNEL_IDS.has(reference.channelId ?? '');
    },
    // Azure's Web Chat and Direct Line cannot write to a closed page; Teams could, but one module
    // serves them all, so a message left here asks how to reach the customer (one question more).
    capabilities: { maxSuggestedActions: 10, cards: true, maxTextLength: 28_000, proactive: true, reachesCustomerLater: false },
    adapter,
    registerRoutes(server) {
      server.post(
        '/api/messages',
        jsonBody(),
        guarded('azure POST /api/messages', (err, place) => deps.logger.error({ err }, `${place} failed`), async (req: Request, res: Response) => {
          const problem = activityProblem(req.body);
          if (problem) return sendError(res, 400, 'BadRequest', problem);
          // CloudAdapter would log and answer 401 itself, but only after parsing; a missing header
          // is answered here with a reason instead.
          if (requireAuth) {
            const tokenProblem = bearerTokenProblem(req.headers.authorization);
            if (tokenProblem) return sendError(res, 401, 'Unauthorized', tokenProblem);
          }
          // After the token's shape (no token is a 401) and before CloudAdapter, which would post replies there.
          const refused = (requireAuth ? undefined : anonymousCallerProblem(req.socket.remoteAddress, req.headers)) ?? ingressProblem(req.body as Partial<Activity>, policy);
          if (refused) return sendError(res, 403, 'Forbidden', refused);
          try {
            const answer = await adapter.handle(req.headers.authorization ?? '', req.body as Activity, deps.logic);
            res.status(answer?.status ?? 200);
            if (answer?.body === undefined) res.end();
            else res.json(answer.body);
          } catch (err) {
            if (signingKeysUnreachable(err)) {
              deps.logger.warn({ err }, 'azure: the token signing keys could not be fetched');
              res.header('Retry-After', '5');
              return sendError(res, 503, 'ServiceUnavailable', 'the token signing keys could not be fetched; try again shortly');
            }
            if (!isAuthenticationFailure(err)) throw err;
            sendError(res, 401, 'Unauthorized', err.message);
          }
        }),
      );
    },
  };
  return module;
};
