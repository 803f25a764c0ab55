import type { RequestHandler, Server } from 'restify';
import { jsonBody } from '../../bots/http/handlers';
import type { CustomerDirectory } from '../../dialogs/customers/customerDirectory';
import type { HandlerOf } from './api';
import type { CustomerRecords } from './api';
import { Refusal } from './refusal';
import type { PersonViews } from './personView';
import type { CustomerDetail, PersonView } from './wireTypes';

const BODY_LIMIT = 4 * 1024;
const CUSTOMER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CustomerApiDeps {
  authenticate: RequestHandler;
  handle: HandlerOf;
  customers: CustomerDirectory;
  people: PersonViews;
  records: CustomerRecords;
}

function customerIdOf(value: unknown, what: string): string {
  if (typeof value !== 'string' || !CUSTOMER_ID.test(value)) throw new Refusal(400, 'BadRequest', `${what} must be a customer id`);
  return value.toLowerCase();
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null && name in body ? (body as Record<string, unknown>)[name] : undefined;
}

/**
 * One customer in the inbox: `GET /api/inbox/customers/:id` (every channel's conversation in one
 * timeline, with the records of all linked identities), `POST …/merge {"customer": id}` when an
 * agent knows two records are one person, `POST …/split {"identity": key}` to undo a wrong merge.
 * Both are audited with the agent's name; a merge or split crossing another change answers 409.
 */
export function registerCustomerApi(server: Server, prefix: string, deps: CustomerApiDeps): void {
  const { authenticate, handle, customers, people, records } = deps;
  const route = `${prefix}/customers/:id`;
  const idOf = (params: unknown) => customerIdOf((params as Record<string, unknown> | undefined)?.id, 'the path');

  const detail = async (person: PersonView | null): Promise<CustomerDetail> => {
    if (!person) throw new Refusal(404, 'NotFound', 'no such customer');
    const first = person.identities[0]?.key;
    return { person, records: first ? await records(first) : { bookings: [], returns: [], scheduled: [], optedOut: [], unavailable: [] } };
  };

  server.get(route, authenticate, handle('customer', async (req, res) => {
    res.json(await detail(await people.ofId(idOf(req.params))));
  }));

  server.post(`${route}/merge`, authenticate, jsonBody(BODY_LIMIT), handle('merge', async (req, res, agent) => {
    const into = idOf(req.params);
    const from = customerIdOf(field(req.body, 'customer'), 'body.customer');
    if (from === into) throw new Refusal(400, 'BadRequest', 'a customer cannot be merged with itself');
    if (!(await customers.get(into)) || !(await customers.get(from))) throw new Refusal(404, 'NotFound', 'no such customer');
    await customers.merge(into, from, { via: 'agent-merge', agent: agent.name });
    res.json(await detail(await people.ofId(into)));
  }));

  server.post(`${route}/split`, authenticate, jsonBody(BODY_LIMIT), handle('split', async (req, res, agent) => {
    const id = idOf(req.params);
    const identity = field(req.body, 'identity');
    const record = await customers.get(id);
    if (!record) throw new Refusal(404, 'NotFound', 'no such customer');
    if (typeof identity !== 'string' || !record.identities.some((i) => i.key === identity)) throw new Refusal(400, 'BadRequest', 'body.identity must be one of the customer\'s identities');
    if (record.identities.length < 2) throw new Refusal(400, 'BadRequest', 'a customer with one identity has nothing to split off');
    const separate = await customers.split(id, identity, { agent: agent.name });
    res.status(201);
    res.json(await detail(await people.ofId(separate.id)));
  }));
}
