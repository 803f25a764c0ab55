import { FAQ_CONFIDENCE } from '../faq/module';
import type { DialogModule } from '../registry';
import { orderNumberIn } from '../returns/returnRequest';
import { TRACKING_DIALOG, TrackingDialog, WANTS_NEWS, type TrackingOptions } from './trackingDialog';

/**
 * "Where is my order?": the knowledge base's order-tracking topic answered with the order's own
 * status, and news about it later if the customer wants it. "When does it arrive?" (shipping
 * time) stays the FAQ's general answer unless it names an order or asks to be told. Unsure
 * readings stay with the FAQ, which offers its candidates.
 */
export const trackingModule: DialogModule = {
  name: 'tracking',
  intents: {},
  faqTopics: ['order-tracking', 'shipping-time'],
  // An order number and "let me know when": news about that order, whatever else the words resemble.
  claims: ({ text }) => orderNumberIn(text) !== undefined && WANTS_NEWS.test(text),
  build: ({ returns, faq, followers, optOuts, config }) => [new TrackingDialog(returns, faq, followers, optOuts, config.defaultLocale)],
  tasks: [TRACKING_DIALOG],
  route: ({ understood, text }) => {
    const aboutOwnOrder = understood.faq === 'order-tracking' || orderNumberIn(text) !== undefined || WANTS_NEWS.test(text);
    // An order number makes a vague reading ("sagt mir bescheid wenn 100561 …") clear enough.
    const sure = understood.score >= FAQ_CONFIDENCE || orderNumberIn(text) !== undefined;
    return sure && aboutOwnOrder ? { dialogId: TRACKING_DIALOG, options: { request: text } satisfies TrackingOptions } : undefined;
  },
};
