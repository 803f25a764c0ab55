import { z } from 'zod';
import { REASONS, RESOLUTIONS } from './returnRequest';

/** The answers of the orders API as docs/orders-api.yaml defines them; an answer that does not parse is a backend failure. */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'a date YYYY-MM-DD');

export const policySchema = z.object({
  windowDays: z.number().int().min(0),
  refundWorkingDays: z.number().int().min(0),
});

export const orderItemSchema = z.object({
  sku: z.string().min(1),
  category: z.string(),
  price: z.number(),
  names: z.object({ en: z.string(), de: z.string(), pl: z.string() }),
  returnable: z.boolean(),
  returned: z.boolean(),
});

export const shipmentSchema = z.object({
  status: z.enum(['processing', 'shipped', 'delivered']),
  carrier: z.string().min(1).max(60).optional(),
  trackingNumber: z.string().min(1).max(100).optional(),
  trackingUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  expectedDelivery: isoDate.optional(),
  delayed: z.boolean().optional(),
});

export const orderSchema = z.object({
  number: z.string().min(1),
  email: z.string(),
  postcode: z.string(),
  deliveredAt: isoDate.optional(),
  shipment: shipmentSchema.optional(),
  items: z.array(orderItemSchema).min(1),
});

export const createdReturnSchema = z.object({
  rma: z.string().min(1),
  orderNumber: z.string().min(1),
  skus: z.array(z.string()).min(1),
  reason: z.enum(REASONS),
  resolution: z.enum(RESOLUTIONS),
  exchangeFor: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
});

/** An error body (RFC 9457 problem details with the contract's `code`). */
export const problemSchema = z.object({
  status: z.number().int().optional(),
  code: z.string(),
  title: z.string().optional(),
  detail: z.string().optional(),
});

export type WireOrder = z.infer<typeof orderSchema>;
export type WireOrderItem = z.infer<typeof orderItemSchema>;
export type WireReturn = z.infer<typeof createdReturnSchema>;
export type WireProblem = z.infer<typeof problemSchema>;

/** The first issue of a failed parse, naming the field (`items.0.returned: …`). */
export function schemaProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`;
}
