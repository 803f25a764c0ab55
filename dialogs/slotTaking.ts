import type { Locale } from '../bots/config';

/**
 * A task dialog that can tell how many of its answers a message names (service, store, time; order
 * number, e-mail, reason). MainDialog asks it before taking a message as a new request, and to
 * find the task a message is about when the NLU cannot tell.
 */
export interface SlotTaking {
  slotsNamed(text: string, locale: Locale): number;
}

export function takesSlots(dialog: unknown): dialog is SlotTaking {
  return typeof (dialog as Partial<SlotTaking> | undefined)?.slotsNamed === 'function';
}
