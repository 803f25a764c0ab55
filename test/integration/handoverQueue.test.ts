import assert from 'node:assert/strict';
import { HandoverQueue, TicketConflictError, TicketNotFoundError } from '../../dialogs/handover/handoverQueue';
import type { NewTicket } from '../../dialogs/handover/ticket';
import type { ManagedStorage } from '../../bots/state/types';
import { storeFactories } from '../support/stores';

const newTicket = (name: string): NewTicket => ({
  reference: { channelId: 'webchat', conversation: { id: `c-${name}`, isGroup: false, conversationType: 'personal', name: '' }, user: { id: name, name } },
  customerKey: `webchat/users/${name}`,
  customerName: name,
  locale: 'en',
  summary: `${name} needs help`,
  messages: [],
  leftMessage: false,
});

describe('Handover queue in the store', function () {
  this.timeout(30_000);
  for (const factory of storeFactories()) {
    describe(factory.name, () => {
      let storage: ManagedStorage;
      beforeEach(async () => {
        storage = await factory.open();
      });
      afterEach(async () => factory.close(storage));

      it('a re-run of the turn that queued a conversation finds its ticket: no ghost ticket, no doubled line, texts cut to size', async () => {
        const queue = new HandoverQueue(storage);
        const first = await queue.enqueue(newTicket('cat'), 'webchat|c-cat|activity-7');
        const rerun = await new HandoverQueue(storage).enqueue(newTicket('cat'), 'webchat|c-cat|activity-7');
        assert.equal(rerun.id, first.id);
        assert.equal(await queue.depth(), 1);
        assert.equal(await queue.position(first.id), 1);
        const line = { from: 'customer' as const, text: 'x'.repeat(10_000), at: new Date().toISOString(), activityId: 'activity-8' };
        await queue.appendLine(first.id, line);
        await queue.appendLine(first.id, line);
        const kept = (await queue.get(first.id))?.messages ?? [];
        assert.equal(kept.length, 1, 'the same activity is one line');
        assert.equal(kept[0]?.text.length, 4000);

        // The first run wrote the ticket but failed before indexing it: the re-run indexes it.
        await storage.write({ 'handover/index': { entries: [] } });
        await queue.enqueue(newTicket('cat'), 'webchat|c-cat|activity-7');
        assert.equal(await queue.depth(), 1, 'listed for agents again');

        // The same key long after that ticket was resolved is a new request.
        await queue.claim(first.id, 'Anna');
        await queue.resolve(first.id, { agent: 'Anna' });
        const anew = await queue.enqueue(newTicket('cat'), 'webchat|c-cat|activity-7');
        assert.notEqual(anew.id, first.id);
        assert.equal(anew.status, 'waiting');
      });

      it('forgets index entries of tickets the store has expired, so the index does not grow forever', async () => {
        const queue = new HandoverQueue(storage);
        const old = await queue.enqueue(newTicket('dan'));
        const current = await queue.enqueue(newTicket('eve'));
        await storage.delete([`handover/ticket/${old.id}`]);
        assert.deepEqual((await queue.list()).map((t) => t.id), [current.id]);
        assert.equal(await queue.depth(), 1, 'the expired ticket no longer counts as waiting');
        assert.equal(await queue.position(current.id), 1);
      });

      it('lists in arrival order with positions and depth, shared by every instance on the store', async () => {
        const first = new HandoverQueue(storage);
        const second = new HandoverQueue(storage);
        const a = await first.enqueue(newTicket('ann'));
        const b = await second.enqueue(newTicket('bob'));
        assert.deepEqual((await second.list('waiting')).map((t) => t.customerName), ['ann', 'bob']);
        assert.equal(await first.position(b.id), 2);
        assert.equal(await first.depth(), 2);
        await second.claim(a.id, 'Anna');
        assert.equal(await first.position(b.id), 1);
        assert.equal(await first.depth(), 1);
        assert.deepEqual((await first.list('assigned')).map((t) => t.agent), ['Anna']);
        const page = await first.page(['waiting', 'assigned'], 1);
        assert.deepEqual([page.tickets.map((t) => t.customerName), page.total], [['ann'], 2], 'the oldest first, and how many in all');
      });

      it('two agents claiming at once: exactly one gets it, the other a conflict, and the winner is kept', async () => {
        const ticket = await new HandoverQueue(storage).enqueue(newTicket('cat'));
        const agents = ['Anna', 'Ben', 'Cleo', 'Dan'];
        const results = await Promise.allSettled(agents.map((agent) => new HandoverQueue(storage).claim(ticket.id, agent)));
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        assert.equal(won.length, 1);
        assert.equal(lost.length, agents.length - 1);
        for (const failure of lost) assert.ok(failure.reason instanceof TicketConflictError, String(failure.reason));
        const stored = await new HandoverQueue(storage).get(ticket.id);
        assert.equal(stored?.agent, (won[0] as PromiseFulfilledResult<{ agent?: string }>).value.agent);
      });

      it('refuses replies and resolves from an agent who does not hold the conversation; unknown ids are not found', async () => {
        const queue = new HandoverQueue(storage);
        const ticket = await queue.enqueue(newTicket('dee'));
        await assert.rejects(queue.requireHolder(ticket.id, 'Anna'), TicketConflictError);
        await queue.claim(ticket.id, 'Anna');
        await assert.rejects(queue.requireHolder(ticket.id, 'Ben'), TicketConflictError);
        await assert.rejects(queue.resolve(ticket.id, { agent: 'Ben' }), TicketConflictError);
        await assert.rejects(queue.claim('no-such-id', 'Anna'), TicketNotFoundError);
        const resolved = await queue.resolve(ticket.id, { agent: 'Anna' });
        assert.equal(resolved.status, 'resolved');
        await assert.rejects(queue.claim(ticket.id, 'Ben'), TicketConflictError);
      });
    });
  }
});
