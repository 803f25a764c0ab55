import { ConfigurationBotFrameworkAuthentication } from '../../bots/botFramework';

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** Clients kept per (app id, audience, service URL); anonymous callers choose the URL, so it is capped. */
const MAX_CLIENTS = 256;

/** A small insertion-ordered cache of client promises; a rejected one is dropped so the next turn retries. */
class ClientCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, build: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached) return cached;
    if (this.entries.size >= MAX_CLIENTS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const built = build();
    this.entries.set(key, built);
    built.catch(() => this.entries.delete(key));
    return built;
  }
}

/** The caller's app id claims (v1 tokens carry `appid`, v2 `azp`); empty for anonymous requests. */
function callerKey(identity: ClaimsIdentity): string {
  return identity.claims
    .filter((claim) => claim.type === 'appid' || claim.type === 'azp')
    .map((claim) => claim.value)
    .join(',');
}

/**
 * botbuilder builds a new ConnectorClient and TokenApiClient (each a full Azure HTTP pipeline) on
 * every turn, even when the replies go back in the HTTP response; profiling put that at ~10% of a
 * turn. The clients hold no per-turn state (their credentials cache tokens), so one per caller,
 * audience and service URL is reused. Authentication itself is unchanged.
 */
export class ClientReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new ClientCache<ConnectorClient>();
  private readonly tokenClients = new ClientCache<UserTokenClient>();

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>): Promise<AuthenticateRequestResult> {
    return this.reusing(await super.authenticateRequest(...args));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await super.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusingFactory(super.createConnectorFactory(claimsIdentity), callerKey(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(callerKey(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.reusingFactory(result.connectorFactory, callerKey(result.claimsIdentity)) };
  }

  private reusingFactory(inner: ConnectorFactory, caller: string): ConnectorFactory {
    return {
      create: (serviceUrl: string, audience?: string) => this.connectors.get(`${caller}|${audience ?? ''}|${serviceUrl}`, () => inner.create(serviceUrl, audience)),
    };
  }
}
