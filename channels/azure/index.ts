import { CloudAdapter, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { ChannelFactory, ChannelModule } from '../channel';
import { guarded, jsonBody, sendError } from '../shared/http';
import { activityProblem, bearerTokenProblem } from './activitySchema';
import { CapturedResponse } from './capturedResponse';
import { ClientReusingAuthentication } from './reusedClients';

/**
 * Azure Bot Service and the Bot Framework Emulator: POST /api/messages through CloudAdapter, which
 * checks the channel's JWT when MicrosoftAppId is set and accepts anonymous requests otherwise.
 */
export const createAzureChannel: ChannelFactory = (deps) => {
  const env = deps.config.env;
  const auth: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: env.MicrosoftAppId ?? '',
    MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
    MicrosoftAppType: env.MicrosoftAppType ?? (env.MicrosoftAppId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: env.MicrosoftAppTenantId ?? '',
  };
  const adapter = new CloudAdapter(new ClientReusingAuthentication(auth));
  deps.installPipeline(adapter);
  const requireAuth = Boolean(env.MicrosoftAppId);

  const module: ChannelModule = {
    id: 'azure',
    capabilities: { maxSuggestedActions: 10, cards: true, maxTextLength: 28_000, proactive: true },
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
          const captured = new CapturedResponse();
          await adapter.process(req, captured, deps.logic);
          if (captured.statusCode >= 400) {
            const reason = typeof captured.body === 'string' && captured.body ? captured.body : 'request refused';
            const code = captured.statusCode === 401 ? 'Unauthorized' : captured.statusCode >= 500 ? 'InternalError' : 'BadRequest';
            return sendError(res, captured.statusCode, code, reason);
          }
          res.status(captured.statusCode);
          if (captured.body === undefined) res.end();
          else res.json(captured.body);
        }),
      );
    },
  };
  return module;
};
