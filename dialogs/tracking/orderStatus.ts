import { DateTime } from 'luxon';
import type { Locale } from '../../bots/config';
import { t } from '../locales';
import type { Order, Shipment } from '../returns/returnService';
import './texts';

/** The parcel as the order system tells it; an order system without shipments is read from the delivery date. */
export function shipmentOf(order: Order): Shipment {
  if (order.shipment) return order.shipment;
  return { status: order.deliveredAt ? 'delivered' : 'processing' };
}

/** "Tue, Dec 8" / "Di., 8. Dez." / "wt., 8 gru". */
const formatDate = (date: string, locale: Locale) => DateTime.fromISO(date).setLocale(locale).toLocaleString({ weekday: 'short', month: 'short', day: 'numeric' });

/** What the customer is told of their order: where it is, with whatever details the order system has. */
export function orderStatusText(order: Order, locale: Locale): string {
  const shipment = shipmentOf(order);
  const orderNumber = order.number;
  if (shipment.status === 'delivered') {
    const date = order.deliveredAt ?? shipment.expectedDelivery;
    const delivered = date ? t(locale, 'tracking.delivered', { orderNumber, date: formatDate(date, locale) }) : t(locale, 'tracking.deliveredUndated', { orderNumber });
    // "it says delivered but I never got it": the way to a person, not a dead end.
    return `${delivered}\n${t(locale, 'tracking.deliveredMissing')}`;
  }
  const { carrier, trackingNumber, trackingUrl, expectedDelivery, delayed } = shipment;
  const headline =
    shipment.status === 'processing'
      ? t(locale, 'tracking.processing', { orderNumber })
      : carrier
        ? t(locale, 'tracking.shippedWith', { orderNumber, carrier })
        : t(locale, 'tracking.shipped', { orderNumber });
  return [
    headline,
    ...(delayed ? [t(locale, 'tracking.delayed')] : []),
    ...(expectedDelivery ? [t(locale, 'tracking.expected', { date: formatDate(expectedDelivery, locale) })] : []),
    ...(trackingNumber ? [t(locale, 'tracking.trackingNumber', { trackingNumber })] : []),
    ...(trackingUrl ? [t(locale, 'tracking.trackingUrl', { url: trackingUrl })] : []),
  ].join('\n');
}
