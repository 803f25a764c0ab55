export const ANNA_TOKEN = 'anna-token-0123456789abcdef';
export const BEN_TOKEN = 'ben-token-0123456789abcdefgh';
export const INBOX_ENV = { INBOX_AGENTS: `Anna:${ANNA_TOKEN},Ben:${BEN_TOKEN}` };

export interface ConversationSummary {
  id: string;
  status: string;
  channel: string;
  customerName: string;
  locale: string;
  summary: string;
  agent: string | null;
  lastMessage: { from: string; text: string } | null;
  leftMessage: boolean;
  contact: { kind: 'email' | 'phone'; value: string } | null;
}

export interface ConversationDetail extends ConversationSummary {
  messages: { from: string; text: string; agent?: string; delivered?: boolean }[];
  notes: { agent: string; text: string }[];
  tags: string[];
  followUp: boolean;
  rating: number | null;
  customer: { bookings: { code: string }[]; returns: { rma: string }[]; scheduled: { kind: string; topic?: string; dueAt: string; status: string; outcome?: string }[]; optedOut: string[] };
  cannedReplies: { id: string; title: string; text: string }[];
}

/** The inbox JSON API as an agent's client uses it. */
export function inboxClient(baseUrl: string, token: string) {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}/api/inbox${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const json = async <T>(res: Response): Promise<T> => {
    if (!res.ok) throw new Error(`inbox API answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    call,
    async list(status?: string): Promise<ConversationSummary[]> {
      return (await json<{ conversations: ConversationSummary[] }>(await call('GET', `/conversations${status ? `?status=${status}` : ''}`))).conversations;
    },
    async get(id: string): Promise<ConversationDetail> {
      return json<ConversationDetail>(await call('GET', `/conversations/${id}`));
    },
    claim: (id: string) => call('POST', `/conversations/${id}/claim`),
    reply: (id: string, text: string) => call('POST', `/conversations/${id}/messages`, { text }),
    resolve: (id: string) => call('POST', `/conversations/${id}/resolve`),
    /** Polls until a conversation matching `where` is listed (the customer's turn runs asynchronously). */
    async waitFor(where: (c: ConversationSummary) => boolean, timeoutMs = 10_000): Promise<ConversationSummary> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await this.list()).find(where);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('inboxClient.waitFor(): no such conversation appeared');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** Polls `probe` until it returns a value (for deliveries that happen on another connection). */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`eventually(): ${what} did not happen`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
