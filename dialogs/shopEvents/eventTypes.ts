import { DateTime } from 'luxon';
import { z } from 'zod';
import type { MessageTopic } from '../optOuts';

/**
 * What a shop's systems tell Switchboard (POST /api/events), by type. Order messages are about
 * something the customer did; marketing ones invite them to do something, and carry the way out
 * and count towards the weekly cap. A customer can opt out of either.
 */
const text = (max: number) => z.string().trim().min(1).max(max);
const orderNumber = text(64);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((date) => DateTime.fromISO(date).isValid, 'must be a date, YYYY-MM-DD');
const webUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

export const EVENT_DATA = {
  order_shipped: z.object({ orderNumber, carrier: text(60).optional(), trackingNumber: text(100).optional(), trackingUrl: webUrl.optional(), expectedDelivery: isoDate.optional() }),
  delivery_delayed: z.object({ orderNumber, expectedDelivery: isoDate.optional() }),
  order_delivered: z.object({ orderNumber }),
  back_in_stock: z.object({ product: text(200), url: webUrl.optional() }),
  cart_abandoned: z.object({ url: webUrl.optional(), items: z.array(text(200)).max(20).optional() }),
};

export type ShopEventType = keyof typeof EVENT_DATA;
export const SHOP_EVENT_TYPES = Object.keys(EVENT_DATA) as ShopEventType[];

export const EVENT_TOPIC: Record<ShopEventType, MessageTopic> = {
  order_shipped: 'orders',
  delivery_delayed: 'orders',
  order_delivered: 'orders',
  back_in_stock: 'marketing',
  cart_abandoned: 'marketing',
};

/** Whom the event is for, by something Switchboard has seen them prove or make in a conversation. */
const customerSchema = z
  .object({
    /** An order the customer looked up in a conversation (with the order's e-mail or postcode). */
    orderNumber: orderNumber.optional(),
    /** A booking the customer made in a conversation. */
    bookingCode: z.string().regex(/^[A-HJ-NP-Z2-9]{6}$/i, 'must be a 6-character booking code').optional(),
    /** An address the customer wrote to the shop's mailbox from (a typed address never counts). */
    email: z.email({ error: 'must be an e-mail address' }).max(254).transform((address) => address.toLowerCase()).optional(),
    /** How the message addresses them; the shop knows their name, the conversation may not. */
    name: text(80).optional(),
  })
  .refine((customer) => [customer.orderNumber, customer.bookingCode, customer.email].filter((ref) => ref !== undefined).length === 1, 'must name the customer by exactly one of orderNumber, bookingCode or email');

const envelope = {
  /** The shop's id for this event: the same id sent again is acknowledged and not sent twice. */
  id: z.string().regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 printable ASCII characters without spaces'),
  customer: customerSchema,
};

const eventOf = <T extends ShopEventType>(type: T) => z.object({ ...envelope, type: z.literal(type), data: EVENT_DATA[type] });

export const shopEventSchema = z.discriminatedUnion(
  'type',
  [eventOf('order_shipped'), eventOf('delivery_delayed'), eventOf('order_delivered'), eventOf('back_in_stock'), eventOf('cart_abandoned')],
  { error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${SHOP_EVENT_TYPES.join(', ')}` : undefined) },
);

/** One event as the route has checked it. */
export type ShopEvent = z.infer<typeof shopEventSchema>;
export type EventCustomer = ShopEvent['customer'];
