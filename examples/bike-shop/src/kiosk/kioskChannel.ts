import { randomUUID } from 'node:crypto';
import {
  ChannelAdapter,
  guarded,
  jsonBody,
  sameSecret,
  sendError,
  withNumberedFallback,
  type Activity,
  type ChannelCapabilities,
  type ChannelFactory,
  type TurnContext,
} from 'switchboard';

/** What the workshop's tablet shows: the text and up to six buttons. */
export interface KioskReply {
  text: string;
  buttons: string[];
}

const KIOSK_CAPABILITIES: ChannelCapabilities = { maxSuggestedActions: 6, reachesCustomerLater: false };

/** A reply → what the tablet shows (pure); more than six options become numbered lines. */
export function renderForKiosk(activity: Partial<Activity>): KioskReply {
  const fitted = withNumberedFallback(activity, KIOSK_CAPABILITIES.maxSuggestedActions);
  return { text: fitted.text ?? '', buttons: (fitted.suggestedActions?.actions ?? []).map((action) => String(action.title ?? action.value ?? '')) };
}

/** Replies go back in the HTTP answer of the message that caused them, as the tablet waits for them. */
class KioskAdapter extends ChannelAdapter {
  readonly channelId = 'kiosk';
  readonly serviceUrl = 'kiosk://workshop';
  readonly waiting = new Map<string, KioskReply[]>();

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<{ id: string }[]> {
    // A reply sent later (a retry, an agent's answer) has no request waiting: the tablet asks again.
    const replies = this.waiting.get(context.activity.id ?? '');
    for (const activity of activities) if (activity.type === 'message') replies?.push(renderForKiosk(activity));
    return activities.map(() => ({ id: '' }));
  }
}

/**
 * The tablet in the workshop: POST /api/kiosk {"kiosk","text","locale"} with the header
 * X-Kiosk-Key, answered with the bot's replies. Disabled without a key.
 */
export function kioskChannel(key: string | undefined): ChannelFactory {
  return (deps) => {
    if (!key) return undefined;
    const adapter = new KioskAdapter();
    deps.installPipeline(adapter);
    return {
      id: 'kiosk',
      capabilities: KIOSK_CAPABILITIES,
      adapter,
      registerRoutes(server) {
        server.post(
          '/api/kiosk',
          jsonBody(16 * 1024),
          guarded('POST /api/kiosk', (err) => deps.logger.error({ err }, 'kiosk turn failed'), async (req, res) => {
            if (!sameSecret(req.header('x-kiosk-key'), key)) return sendError(res, 401, 'Unauthorized', 'X-Kiosk-Key is missing or wrong');
            const body = req.body as { kiosk?: unknown; text?: unknown; locale?: unknown };
            if (typeof body.kiosk !== 'string' || !/^[\w-]{1,64}$/.test(body.kiosk)) return sendError(res, 400, 'BadRequest', 'kiosk must be 1-64 letters, digits, - or _');
            if (typeof body.text !== 'string' || !body.text.trim() || body.text.length > 2000) return sendError(res, 400, 'BadRequest', 'text must be 1-2000 characters');
            const id = randomUUID();
            const activity: Partial<Activity> = {
              type: 'message',
              id,
              channelId: adapter.channelId,
              serviceUrl: adapter.serviceUrl,
              conversation: { id: `kiosk-${body.kiosk}`, isGroup: false, conversationType: 'personal', name: '' },
              from: { id: body.kiosk, name: '' },
              recipient: { id: 'bot', name: 'Workshop' },
              text: body.text,
              timestamp: new Date(),
              ...(typeof body.locale === 'string' ? { locale: body.locale } : {}),
            };
            adapter.waiting.set(id, []);
            try {
              await adapter.processActivity(activity, deps.logic);
              res.json({ replies: adapter.waiting.get(id) ?? [] });
            } finally {
              adapter.waiting.delete(id);
            }
          }),
        );
      },
    };
  };
}
