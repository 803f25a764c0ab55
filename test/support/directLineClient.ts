import type { Activity } from 'botbuilder';
import { ConnectionStatus, DirectLine, type EventActivity, type Message } from 'botframework-directlinejs';
import WebSocket from 'ws';
import XMLHttpRequest from 'xhr2';

// botframework-directlinejs is a browser library: in Node it needs these two globals.
const globals = globalThis as unknown as { WebSocket?: unknown; XMLHttpRequest?: unknown };
globals.WebSocket ??= WebSocket;
globals.XMLHttpRequest ??= XMLHttpRequest;

export interface TokenResponse {
  conversationId: string;
  token: string;
  expires_in: number;
}

export async function generateToken(baseUrl: string, locale?: string): Promise<TokenResponse> {
  const res = await fetch(`${baseUrl}/v3/directline/tokens/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: locale ? JSON.stringify({ locale }) : '',
  });
  if (!res.ok) throw new Error(`token generate answered ${res.status}`);
  return (await res.json()) as TokenResponse;
}

/**
 * The official Direct Line client against our endpoint, collecting what the bot says.
 * `botReplies(n)` resolves once n bot activities have arrived.
 */
export function directLineClient(baseUrl: string, token: string, options: { webSocket: boolean; conversationId?: string; watermark?: string }) {
  const directLine = new DirectLine({
    token,
    domain: `${baseUrl}/v3/directline`,
    webSocket: options.webSocket,
    pollingInterval: 200,
    ...(options.conversationId ? { conversationId: options.conversationId } : {}),
    ...(options.watermark ? { watermark: options.watermark } : {}),
  });
  const received: Partial<Activity>[] = [];
  const subscription = directLine.activity$.subscribe((activity) => received.push(activity as Partial<Activity>));
  const fromBot = () => received.filter((a) => a.from?.role !== 'user' && a.type === 'message');

  return {
    directLine,
    received,
    fromBot,
    async botReplies(count: number, timeoutMs = 8000): Promise<Partial<Activity>[]> {
      const deadline = Date.now() + timeoutMs;
      while (fromBot().length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} bot messages, got: ${JSON.stringify(fromBot().map((a) => a.text))}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return fromBot();
    },
    async say(text: string, locale = 'en-US'): Promise<string> {
      return new Promise<string>((resolve, reject) => {
        const message: Message = { type: 'message', text, locale, from: { id: 'ignored-by-server', name: 'Customer' } };
        directLine.postActivity(message).subscribe({ next: resolve, error: reject });
      });
    },
    /** An event activity, as any Direct Line client may post one. */
    async postEvent(name: string, value: unknown): Promise<string> {
      return new Promise<string>((resolve, reject) => {
        const event: EventActivity = { type: 'event', name, value, from: { id: 'ignored-by-server', name: 'Customer' } };
        directLine.postActivity(event).subscribe({ next: resolve, error: reject });
      });
    },
    connected(): boolean {
      return directLine.connectionStatus$.getValue() === ConnectionStatus.Online;
    },
    end(): void {
      subscription.unsubscribe();
      directLine.end();
    },
  };
}
