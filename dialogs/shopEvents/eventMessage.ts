import { DateTime } from 'luxon';
import type { Locale } from '../../bots/config';
import { nameSuffix, t } from '../locales';
import type { ShopEvent } from './eventTypes';
import './texts';

/** "Fri, Dec 4" / "Fr., 4. Dez." / "pt., 4 gru": a delivery date as the customer reads it. */
function formatDate(date: string, locale: Locale): string {
  return DateTime.fromISO(date).setLocale(locale).toLocaleString({ weekday: 'short', month: 'short', day: 'numeric' });
}

/** The lines an event says, after the greeting; optional details are left out when the shop did not send them. */
function bodyOf(event: ShopEvent, locale: Locale): string[] {
  switch (event.type) {
    case 'order_shipped': {
      const { orderNumber, carrier, trackingNumber, trackingUrl, expectedDelivery } = event.data;
      return [
        carrier ? t(locale, 'shopEvents.shippedWith', { orderNumber, carrier }) : t(locale, 'shopEvents.shipped', { orderNumber }),
        ...(expectedDelivery ? [t(locale, 'shopEvents.expected', { date: formatDate(expectedDelivery, locale) })] : []),
        ...(trackingNumber ? [t(locale, 'shopEvents.trackingNumber', { trackingNumber })] : []),
        ...(trackingUrl ? [t(locale, 'shopEvents.trackingUrl', { url: trackingUrl })] : []),
      ];
    }
    case 'delivery_delayed': {
      const { orderNumber, expectedDelivery } = event.data;
      return [
        t(locale, 'shopEvents.delayed', { orderNumber }),
        ...(expectedDelivery ? [t(locale, 'shopEvents.delayedUntil', { date: formatDate(expectedDelivery, locale) })] : []),
        t(locale, 'shopEvents.delayedHelp'),
      ];
    }
    case 'order_delivered':
      return [t(locale, 'shopEvents.delivered', { orderNumber: event.data.orderNumber })];
    case 'back_in_stock': {
      const { product, url } = event.data;
      return [t(locale, 'shopEvents.backInStock', { product }), ...(url ? [t(locale, 'shopEvents.lookHere', { url })] : [])];
    }
    case 'cart_abandoned': {
      const { items = [], url } = event.data;
      return [
        items.length > 0 ? t(locale, 'shopEvents.cartLeft') : t(locale, 'shopEvents.cartLeftNoItems'),
        ...items.map((item) => `• ${item}`),
        ...(url ? [t(locale, 'shopEvents.cartBack', { url })] : []),
      ];
    }
  }
}

/** The message a shop event becomes, in the customer's language, addressed by name when one is known. */
export function eventMessage(event: ShopEvent, locale: Locale, name: string | undefined): string {
  return [t(locale, 'shopEvents.hello', { nameSuffix: nameSuffix(name) }), ...bodyOf(event, locale)].join('\n');
}
