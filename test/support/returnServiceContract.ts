import assert from 'node:assert/strict';
import { BackendError } from '../../bots/backendError';
import type { Order, ReturnService } from '../../dialogs/returns/returnService';

/** The moment and zone the contract runs at; the sample orders are dated relative to it (deliveredDaysAgo). */
export interface ContractTime {
  clock: () => Date;
  timeZone: string;
}

export interface OpenedService {
  service: ReturnService;
  /** Stops what `open` started (a server); called after every test, also a failed one. */
  close?: () => Promise<void>;
}

const time: ContractTime = { clock: () => new Date('2026-11-22T09:00:00Z'), timeZone: 'Europe/Berlin' };
const anna = 'webchat:anna';
const max = 'telegram:max';
const skus = (items: { sku: string }[]) => items.map((item) => item.sku);

/**
 * What every ReturnService must do, as the sample (orders.json and the bot's store) does it, with
 * the sample's orders: 100234 delivered 12 days ago (a jacket, socks that cannot go back, boots),
 * 100377 82 days ago (a tent), 100412 4 days ago (a gift card and an engraved cap). `open` gives a
 * service over a fresh copy of those orders with no returns made yet.
 */
export function returnServiceContract(name: string, open: (time: ContractTime) => Promise<OpenedService>): void {
  describe(`ReturnService contract: ${name}`, function () {
    this.timeout(20_000);
    let opened: OpenedService | undefined;
    let service: ReturnService;
    beforeEach(async () => {
      opened = await open(time);
      service = opened.service;
    });
    afterEach(async () => {
      await opened?.close?.();
      opened = undefined;
    });

    const annasOrder = async (): Promise<Order> => {
      const order = await service.findOrder('100234', 'anna.nowak@example.com');
      assert.ok(order, 'order 100234 with its e-mail');
      return order;
    };

    it('finds an order by its number and e-mail, with its items and delivery date', async () => {
      const order = await annasOrder();
      assert.equal(order.number, '100234');
      assert.equal(order.email, 'anna.nowak@example.com');
      assert.equal(order.postcode, '31-019');
      // 12 days before 22 November in Berlin.
      assert.equal(order.deliveredAt, '2026-11-10');
      assert.deepEqual(skus(order.items), ['JKT-RAIN-M', 'SCK-WOOL-3', 'BOOT-HIKE-41']);
      assert.deepEqual(order.items[2], { sku: 'BOOT-HIKE-41', category: 'shoes', price: 129, names: { en: 'Hiking boots, size 41', de: 'Wanderschuhe, Größe 41', pl: 'Buty trekkingowe, rozmiar 41' } });
    });

    it('tells where an order on its way is: carrier, tracking, expected date, a delay; no delivery date, and nothing returnable yet', async () => {
      const shipped = await service.findOrder('100561', 'ola.wisniewska@example.pl');
      assert.equal(shipped?.deliveredAt, undefined);
      // Two days after 22 November.
      assert.deepEqual(shipped?.shipment, { status: 'shipped', carrier: 'InPost', trackingNumber: '620111222333444', trackingUrl: 'https://inpost.example/track?number=620111222333444', expectedDelivery: '2026-11-24' });
      assert.deepEqual((await service.findOrder('100588', '80331'))?.shipment, { status: 'processing', expectedDelivery: '2026-11-26' });
      assert.equal((await service.findOrder('100590', 'tom.baker@example.com'))?.shipment?.delayed, true);
      const { eligible, refused } = await service.eligibility(shipped as Order);
      assert.deepEqual([eligible, refused.map((r) => r.why)], [[], ['undelivered']]);
    });

    it('finds an order by its postcode', async () => {
      assert.equal((await service.findOrder('100377', '10117'))?.number, '100377');
      assert.equal((await service.findOrder('100234', ' 31-019 '))?.number, '100234');
    });

    it('reads the e-mail address whatever its case and spaces, and the number with a "#"', async () => {
      assert.equal((await service.findOrder('100234', '  Anna.Nowak@Example.COM '))?.number, '100234');
      assert.equal((await service.findOrder(' #100412 ', 'JAN.KOWALSKI@example.pl'))?.number, '100412');
    });

    it('finds nothing for a wrong proof or an unknown number, alike', async () => {
      assert.equal(await service.findOrder('100234', 'someone@example.com'), undefined);
      assert.equal(await service.findOrder('100234', '10117'), undefined, "another order's postcode");
      assert.equal(await service.findOrder('999999', 'anna.nowak@example.com'), undefined);
      assert.equal(await service.findOrder('100234', ''), undefined);
    });

    it('inside the window: the returnable items are offered, the socks refused for their kind', async () => {
      const { eligible, refused } = await service.eligibility(await annasOrder());
      assert.deepEqual(skus(eligible), ['JKT-RAIN-M', 'BOOT-HIKE-41']);
      assert.deepEqual(refused.map((r) => [r.item.sku, r.why]), [['SCK-WOOL-3', 'category']]);
      assert.deepEqual(service.policy, { windowDays: 30, refundWorkingDays: 5 });
    });

    it('outside the window: nothing can be returned, and the window is the reason', async () => {
      const order = await service.findOrder('100377', 'max.mueller@example.de');
      assert.ok(order);
      const { eligible, refused } = await service.eligibility(order);
      assert.deepEqual(eligible, []);
      assert.deepEqual(refused.map((r) => [r.item.sku, r.why]), [['TENT-2P', 'window']]);
    });

    it('a gift card and a personalised cap are refused for their kind, though delivered days ago', async () => {
      const order = await service.findOrder('100412', '00-950');
      assert.ok(order);
      const { eligible, refused } = await service.eligibility(order);
      assert.deepEqual(eligible, []);
      assert.deepEqual(refused.map((r) => [r.item.sku, r.why]), [['GIFT-50', 'category'], ['CAP-ENGRAVED', 'category']]);
    });

    it('creates a return with an RMA and the request; its item is then refused as returned', async () => {
      const order = await annasOrder();
      const created = await service.createReturn(order, { skus: ['BOOT-HIKE-41'], reason: 'fit', resolution: 'exchange', exchangeFor: '42', customerKey: anna });
      assert.match(created.rma, /\S/u);
      const { rma: _rma, createdAt, ...rest } = created;
      assert.deepEqual(rest, { orderNumber: '100234', skus: ['BOOT-HIKE-41'], reason: 'fit', resolution: 'exchange', exchangeFor: '42', customerKey: anna });
      assert.ok(!Number.isNaN(Date.parse(createdAt)), createdAt);
      const { eligible, refused } = await service.eligibility(order);
      assert.deepEqual(skus(eligible), ['JKT-RAIN-M']);
      assert.deepEqual(refused.map((r) => [r.item.sku, r.why]), [['SCK-WOOL-3', 'category'], ['BOOT-HIKE-41', 'returned']]);
      assert.equal(service.policy.refundWorkingDays, 5);
    });

    it('an order whose returnable items were all returned has nothing left to offer', async () => {
      const order = await annasOrder();
      await service.createReturn(order, { skus: ['JKT-RAIN-M', 'BOOT-HIKE-41'], reason: 'damaged', resolution: 'refund', customerKey: anna });
      // Found again by its postcode: the returns belong to the order, not to the proof used.
      const again = await service.findOrder('100234', '31-019');
      assert.ok(again);
      const { eligible, refused } = await service.eligibility(again);
      assert.deepEqual(eligible, []);
      assert.deepEqual(refused.map((r) => [r.item.sku, r.why]), [['JKT-RAIN-M', 'returned'], ['SCK-WOOL-3', 'category'], ['BOOT-HIKE-41', 'returned']]);
    });

    it("lists the customer's returns, newest last", async () => {
      const order = await annasOrder();
      const first = await service.createReturn(order, { skus: ['JKT-RAIN-M'], reason: 'mind', resolution: 'refund', customerKey: anna });
      const second = await service.createReturn(order, { skus: ['BOOT-HIKE-41'], reason: 'fit', resolution: 'refund', customerKey: anna });
      assert.notEqual(first.rma, second.rma);
      assert.deepEqual(await service.list(anna), [first, second]);
      assert.deepEqual(await service.list('webchat:nobody'), []);
    });

    it("does not list another customer's returns", async () => {
      const order = await annasOrder();
      const annas = await service.createReturn(order, { skus: ['JKT-RAIN-M'], reason: 'wrong', resolution: 'refund', customerKey: anna });
      const maxs = await service.createReturn(order, { skus: ['BOOT-HIKE-41'], reason: 'other', resolution: 'refund', customerKey: max });
      assert.deepEqual(await service.list(anna), [annas]);
      assert.deepEqual(await service.list(max), [maxs]);
    });

    it('refuses a second return of the same item, and not as an outage', async () => {
      const order = await annasOrder();
      const first = await service.createReturn(order, { skus: ['BOOT-HIKE-41'], reason: 'fit', resolution: 'refund', customerKey: anna });
      const second = service.createReturn(order, { skus: ['BOOT-HIKE-41'], reason: 'fit', resolution: 'refund', customerKey: anna });
      await assert.rejects(second, (err: unknown) => err instanceof Error && !(err instanceof BackendError));
      await assert.rejects(service.createReturn(order, { skus: ['JKT-RAIN-M', 'BOOT-HIKE-41'], reason: 'fit', resolution: 'refund', customerKey: max }));
      assert.deepEqual(await service.list(anna), [first]);
      assert.deepEqual(await service.list(max), []);
      // The refused pair returned nothing: the jacket can still go back.
      assert.deepEqual(skus((await service.eligibility(order)).eligible), ['JKT-RAIN-M']);
    });
  });
}
