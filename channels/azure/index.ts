import type { Activity, ConfigurationBotFrameworkAuthenticationOptions } from '../../bots/botFramework';
import type { Request, Response } from 'restify';
import { ANY_BOT_FRAMEWORK_CHANNEL, type ChannelFactory, type ChannelModule } from '../channel';
import { guarded, jsonBody, sendError } from '../../bots/http/handlers';
import { activityProblem, bearerTokenProblem } from './activitySchema';
import { anonymousCallerProblem, ingressProblem, type IngressPolicy } from './trustedIngress';
import { ClientReusingAuthentication } from './reusedClients';
import { isAuthenticationFailure, RouteCloudAdapter, signingKeysUnreachable } from './routeAdapter';
import { AZURE_CAPABILITIES } from './renderer';

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
    // A conversation is this module's when /api/messages would have taken it: a Bot Framework host
    // (or the Emulator on this machine). Never a native channel's, whose serviceUrl is its platform's
    // API, even when that module is not running here: posting there as if to a Bot Framework
    // connector would send it our token.
    async ownsConversation(reference) {
      return ingressProblem(reference, policy) === undefined;
    },
    capabilities: AZURE_CAPABILITIES,
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
