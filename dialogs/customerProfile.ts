import { StateProperty } from '../bots/state/turnState';

/** The customer's name once they told us (e.g. when booking), so later replies can use it. */
export const customerName = new StateProperty<string>('user', 'customerName');
