import { CloudAdapter, type Activity, type ConfigurationBotFrameworkAuthentication, type ConversationReference, type InvokeResponse, type ResourceResponse, type TurnContext } from '../../bots/botFramework';
import { isTransientStoreError } from '../../bots/state/types';
import { renderForBotFramework } from './renderer';

/** The date fields Bot Framework sends as ISO strings, which botbuilder expects as Dates (as CloudAdapter.process fixes them). */
const DATE_FIELDS = [
  ['timestamp', 'rawTimestamp'],
  ['expiration', 'rawExpiration'],
  ['localTimestamp', 'rawLocalTimestamp'],
] as const;

function withDates(activity: Activity): Activity {
  const fixed: Record<string, unknown> = { ...activity };
  for (const [field, raw] of DATE_FIELDS) {
    const value = fixed[field];
    if (typeof value === 'string') {
      fixed[raw] = value;
      fixed[field] = new Date(value);
    }
  }
  return fixed as unknown as Activity;
}

/** An authentication failure as botframework-connector throws it (AuthenticationError, statusCode 401). */
export function isAuthenticationFailure(err: unknown): err is Error & { statusCode: 401 } {
  return err instanceof Error && 'statusCode' in err && err.statusCode === 401;
}

/**
 * The token could not be checked because its signing keys (OpenID metadata, JWKS) were out of
 * reach: not the caller's fault, so a 503 the channel retries rather than a 401 or a 500.
 */
export function signingKeysUnreachable(err: unknown): boolean {
  return err instanceof Error && /\.well-known\/|openid/i.test(err.message) && isTransientStoreError(err);
}

/**
 * CloudAdapter for a route that has already read and checked the activity (activitySchema.ts).
 * CloudAdapter.process() re-validates the request with zod schemas it builds anew on every call
 * (~6% of a turn in the benchmark profile) before calling processActivity; this calls it directly.
 * Authentication is unchanged: a bad token rejects with an error whose statusCode is 401.
 */
export class RouteCloudAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly botAppId: string,
  ) {
    super(auth);
  }

  /**
   * The proactive entry point the other channels' adapters have (the agent inbox uses it).
   * CloudAdapter only has continueConversationAsync, which needs the bot's app id ('' for the
   * anonymous Emulator set-up).
   */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.continueConversationAsync(this.botAppId, reference, logic);
  }

  /** Every reply posted to the channel, also a proactive one, is rendered for it. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return super.sendActivities(context, activities.map(renderForBotFramework));
  }

  /** Runs the turn; resolves with the invoke/expectReplies answer, undefined for a plain 200. */
  async handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const answer = await this.processActivity(authHeader, withDates(activity), logic);
    // Replies for an `expectReplies` caller are collected by TurnContext and never pass sendActivities.
    const body: unknown = answer?.body;
    if (!answer || typeof body !== 'object' || body === null || !('activities' in body) || !Array.isArray(body.activities)) return answer;
    return { ...answer, body: { ...body, activities: (body.activities as Partial<Activity>[]).map(renderForBotFramework) } };
  }
}
