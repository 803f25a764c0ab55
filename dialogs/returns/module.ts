import type { DialogModule } from '../registry';
import examples from './examples.json';
import { RETURNS_DIALOG, ReturnsDialog } from './returnsDialog';

/** Returns and exchanges of an order's items. */
export const returnsModule: DialogModule = {
  name: 'returns',
  intents: examples,
  build: ({ returns, faq, config, followers }) => [new ReturnsDialog(returns, faq, config.defaultLocale, followers)],
  route: () => ({ dialogId: RETURNS_DIALOG }),
  tasks: [RETURNS_DIALOG],
  menuEntry: 'menu.returns',
  helpEntry: 'returns.help',
};
