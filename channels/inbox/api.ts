import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import type { Logger } from '../../bots/logger';
import { TicketConflictError, TicketNotFoundError, type HandoverQueue } from '../../dialogs/handover/handoverQueue';
import { HANDOVER_EVENTS, type AgentJoinedValue, type AgentMessageValue, type ResolvedValue } from '../../dialogs/handover/handoverState';
import { MAX_TEXT_LENGTH, TICKET_STATUSES, type Ticket, type TicketStatus } from '../../dialogs/handover/ticket';
import { jsonBody, sendError } from '../../bots/http/handlers';
import { CustomerConflictError, type CustomerDirectory } from '../../dialogs/customers/customerDirectory';
import { registerCustomerApi } from './customerApi';
import { Refusal } from './refusal';
import { replyTarget, replyToOf } from './replyTarget';
import type { PersonViews } from './personView';
import type { Agent, AgentDirectory } from './auth';
import { cannedReplies } from './canned';
import type { InboxEvents } from './events';
import type { ProactiveSender } from './proactive';
import type { ClaimResult, ConversationDetail, ConversationList, ConversationSummary, CustomerRecordsView, ReplyResult, SignedInAgent } from './wireTypes';
import type { Delivery } from './proactive';

export const INBOX_API = '/api/inbox';
const BODY_LIMIT = 32 * 1024;
const MAX_TAGS = 20;
/** Conversations per list request, oldest first: each one listed is a store read. */
const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 500;
const OPEN_STATUSES: readonly TicketStatus[] = ['waiting', 'assigned'];
const MAX_TAG_LENGTH = 40;

/** The customer's records an agent checks instead of asking again. */
export type CustomerRecords = (customerKey: string) => Promise<CustomerRecordsView>;

/** Wraps a route's work: refusals and conflicts become 4xx, anything else a logged 500. */
export type HandlerOf = (place: string, handler: (req: Request, res: Response, agent: Agent) => Promise<void>) => RequestHandler;

export interface InboxApiDeps {
  queue: HandoverQueue;
  customers: CustomerDirectory;
  people: PersonViews;
  agents: AgentDirectory;
  events: InboxEvents;
  sender: ProactiveSender;
  records: CustomerRecords;
  logger: Logger;
}


const signedIn = new WeakMap<Request, Agent>();

function agentOf(req: Request): Agent {
  const agent = signedIn.get(req);
  if (!agent) throw new Error('registerInboxApi(): route ran without authentication');
  return agent;
}

/** The list view of a ticket: what the queue shows without opening it. */
function summaryOf(ticket: Ticket): ConversationSummary {
  const last = ticket.messages.at(-1);
  return {
    id: ticket.id,
    status: ticket.status,
    channel: ticket.reference.channelId ?? 'unknown',
    customerName: ticket.customerName,
    locale: ticket.locale,
    summary: ticket.summary,
    createdAt: ticket.createdAt,
    waitingSince: ticket.lastCustomerAt,
    lastMessage: last ? { from: last.from, text: last.text, at: last.at } : null,
    agent: ticket.agent ?? null,
    tags: ticket.tags,
    followUp: ticket.followUp,
    leftMessage: ticket.leftMessage,
    contact: ticket.contact ?? null,
  };
}

function replyResult(delivery: Delivery): ReplyResult {
  return { delivered: delivery.delivered, ...(delivery.queued ? { queued: true } : {}), ...(delivery.reason ? { reason: delivery.reason } : {}) };
}

function textFrom(body: unknown): string {
  const text = typeof body === 'object' && body !== null && 'text' in body ? body.text : undefined;
  if (typeof text !== 'string' || text.trim().length === 0) throw new Refusal(400, 'BadRequest', 'body must be {"text": "..."} with non-empty text');
  if (text.length > MAX_TEXT_LENGTH) throw new Refusal(413, 'PayloadTooLarge', `text is longer than ${MAX_TEXT_LENGTH} characters`);
  return text.trim();
}

function tagsFrom(body: unknown): string[] {
  if (!Array.isArray(body) || body.some((tag) => typeof tag !== 'string')) throw new Refusal(400, 'BadRequest', 'body must be a JSON array of tag strings');
  const tags = [...new Set((body as string[]).map((tag) => tag.trim()).filter((tag) => tag.length > 0))];
  if (tags.length > MAX_TAGS || tags.some((tag) => tag.length > MAX_TAG_LENGTH)) throw new Refusal(400, 'BadRequest', `at most ${MAX_TAGS} tags of up to ${MAX_TAG_LENGTH} characters`);
  return tags;
}

/** The inbox JSON API of design.md: bearer tokens per agent, 4xx with a reason for every bad request. */
export function registerInboxApi(server: Server, deps: InboxApiDeps): void {
  const { queue, agents, events, sender, records, logger, customers, people } = deps;

  const authenticate: RequestHandler = function authenticateAgent(req: Request, res: Response, next: Next): void {
    const agent = agents.fromRequest(req);
    if (!agent) {
      res.header('www-authenticate', 'Bearer realm="inbox"');
      sendError(res, 401, 'Unauthorized', 'an agent bearer token is required');
      return next(false);
    }
    signedIn.set(req, agent);
    next();
  };

  /** Runs a handler; maps refusals and queue errors to 4xx, anything else to a logged 500. */
  const handle: HandlerOf =
    (place, handler) =>
    (req: Request, res: Response, next: Next): void => {
      handler(req, res, agentOf(req)).then(
        () => next(),
        (err: unknown) => {
          if (err instanceof Refusal) sendError(res, err.status, err.code, err.message);
          else if (err instanceof TicketNotFoundError) sendError(res, 404, 'NotFound', 'no such conversation');
          else if (err instanceof TicketConflictError) sendError(res, 409, 'Conflict', err.message.replace(/^HandoverQueue: /, ''));
          else if (err instanceof CustomerConflictError) sendError(res, 409, 'Conflict', 'the customer was changed meanwhile; reload and try again');
          else {
            logger.error({ err }, `registerInboxApi(): ${place} failed`);
            sendError(res, 500, 'InternalError', 'the server could not handle this request');
          }
          next(false);
        },
      );
    };

  const idOf = (req: Request): string => String((req.params as Record<string, unknown>).id ?? '');
  const ticketOrNotFound = async (id: string): Promise<Ticket> => {
    const ticket = await queue.get(id);
    if (!ticket) throw new TicketNotFoundError(id);
    return ticket;
  };
  const conversation = `${INBOX_API}/conversations/:id`;

  server.get(`${INBOX_API}/me`, authenticate, handle('me', async (_req, res, agent) => {
    res.json({ name: agent.name } satisfies SignedInAgent);
  }));

  server.get(`${INBOX_API}/conversations`, authenticate, handle('list', async (req, res) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const raw = query.get('status');
    if (raw !== null && !TICKET_STATUSES.includes(raw as TicketStatus)) throw new Refusal(400, 'BadRequest', `status must be one of ${TICKET_STATUSES.join(', ')}`);
    const rawLimit = query.get('limit');
    const limit = rawLimit === null ? DEFAULT_LIST_LIMIT : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) throw new Refusal(400, 'BadRequest', `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
    const { tickets, total } = await queue.page(raw === null ? OPEN_STATUSES : (raw as TicketStatus), limit);
    res.json({ conversations: tickets.map(summaryOf), total, waiting: await queue.depth() } satisfies ConversationList);
  }));

  server.get(conversation, authenticate, handle('get', async (req, res) => {
    const ticket = await ticketOrNotFound(idOf(req));
    const [customer, person] = await Promise.all([records(ticket.customerKey), people.ofIdentity(ticket.customerKey)]);
    res.json({ ...summaryOf(ticket), messages: ticket.messages, notes: ticket.notes, rating: ticket.rating ?? null, customer, person, cannedReplies: cannedReplies(ticket.locale) } satisfies ConversationDetail);
  }));

  server.post(`${conversation}/claim`, authenticate, handle('claim', async (req, res, agent) => {
    const ticket = await queue.claim(idOf(req), agent.name);
    // Told once: the mark is eTag-checked, so a double click or a second instance says nothing again.
    const told = (await queue.markJoinNotified(ticket.id)) ? await sender.send(ticket, HANDOVER_EVENTS.agentJoined, { agent: agent.name, ticketId: ticket.id } satisfies AgentJoinedValue) : undefined;
    res.json({ ...summaryOf(ticket), ...(told ? { joinNotice: replyResult(told) } : {}) } satisfies ClaimResult);
  }));

  server.post(`${conversation}/messages`, authenticate, jsonBody(BODY_LIMIT), handle('reply', async (req, res, agent) => {
    const text = textFrom(req.body);
    const to = replyToOf(req.body);
    let ticket = await queue.requireHolder(idOf(req), agent.name);
    const elsewhere = replyTarget(ticket, await customers.ofIdentity(ticket.customerKey), to);
    const delivery = elsewhere
      ? await sender.send({ ...ticket, reference: elsewhere.reference }, HANDOVER_EVENTS.agentMessage, { agent: agent.name, text, follow: { ticketId: ticket.id } } satisfies AgentMessageValue)
      : await sender.send(ticket, HANDOVER_EVENTS.agentMessage, { agent: agent.name, text } satisfies AgentMessageValue);
    // Where the customer was reached is where the rest of the conversation (and the resolve) goes.
    if (elsewhere && delivery.delivered) ticket = await queue.moveTo(ticket.id, elsewhere.reference);
    // Sent already: failing the request now would make the agent send it again.
    await queue.appendLine(ticket.id, { from: 'agent', agent: agent.name, text, at: new Date().toISOString(), delivered: delivery.delivered }).catch((err: unknown) => {
      logger.error({ err, ticketId: ticket.id }, 'registerInboxApi(): the reply went out but could not be added to the ticket');
    });
    res.status(delivery.delivered ? 201 : 202);
    res.json({ ...replyResult(delivery), channel: elsewhere?.channel ?? ticket.reference.channelId ?? 'unknown' } satisfies ReplyResult);
  }));

  server.post(`${conversation}/notes`, authenticate, jsonBody(BODY_LIMIT), handle('note', async (req, res, agent) => {
    const text = textFrom(req.body);
    await ticketOrNotFound(idOf(req));
    const ticket = await queue.addNote(idOf(req), { agent: agent.name, text, at: new Date().toISOString() });
    res.status(201);
    res.json({ notes: ticket.notes });
  }));

  server.put(`${conversation}/tags`, authenticate, jsonBody(BODY_LIMIT), handle('tags', async (req, res, agent) => {
    const tags = tagsFrom(req.body);
    res.json({ tags: (await queue.setTags(idOf(req), tags, agent.name)).tags });
  }));

  server.post(`${conversation}/follow-up`, authenticate, jsonBody(BODY_LIMIT, { optional: true }), handle('followUp', async (req, res, agent) => {
    const body: unknown = req.body;
    const wanted = typeof body === 'object' && body !== null && 'followUp' in body ? body.followUp : true;
    if (typeof wanted !== 'boolean') throw new Refusal(400, 'BadRequest', 'body must be {"followUp": true|false}');
    res.json({ followUp: (await queue.setFollowUp(idOf(req), wanted, agent.name)).followUp });
  }));

  server.post(`${conversation}/resolve`, authenticate, handle('resolve', async (req, res, agent) => {
    const ticket = await queue.resolve(idOf(req), { agent: agent.name });
    const delivery = await sender.send(ticket, HANDOVER_EVENTS.resolved, { agent: agent.name, ticketId: ticket.id } satisfies ResolvedValue);
    res.json({ status: ticket.status, delivered: delivery.delivered });
  }));

  registerCustomerApi(server, INBOX_API, { authenticate, handle, customers, people, records });

  server.post(`${INBOX_API}/events/ticket`, authenticate, handle('eventsTicket', async (_req, res, agent) => {
    res.json(events.issueTicket(agent));
  }));

  server.get(`${INBOX_API}/events`, function inboxEvents(req: Request, res: Response, next: Next): void {
    const ticket = new URL(req.url ?? '/', 'http://localhost').searchParams.get('ticket') ?? '';
    const agent = ticket ? events.redeem(ticket) : agents.fromRequest(req);
    if (!agent) {
      sendError(res, 401, 'Unauthorized', 'open the stream with ?ticket= from POST /api/inbox/events/ticket');
      return next(false);
    }
    if (events.full) {
      sendError(res, 503, 'TooManyStreams', 'too many open event streams; try again shortly');
      return next(false);
    }
    events.open(res, () => next(false)).catch((err: unknown) => {
      logger.error({ err }, 'registerInboxApi(): opening the event stream failed');
      sendError(res, 503, 'StorageUnavailable', 'the event stream could not start; try again shortly');
      next(false);
    });
  });
}
