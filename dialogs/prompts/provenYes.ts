import type { PromptValidator, PromptValidatorContext, TurnContext } from '../../bots/botFramework';
import { isSenderProven } from '../../bots/pipeline/verifiedContact';
import { hint } from './hints';
import { promptLocale } from './text';

/**
 * For a ConfirmPrompt whose "yes" changes more than this conversation (an erase, a booking made
 * on another channel): the yes counts only from a sender the channel proved
 * (bots/pipeline/verifiedContact.ts). Otherwise the question is asked again, and it goes to
 * the real customer, whose reply to it is proven. `needsProof` narrows it to some answers.
 */
const ASK_AGAIN = Symbol('switchboard.askAgain');

/** The retry after an unproven yes repeats the question itself: the reply to it must know what it confirms. */
export function asksAgain(context: TurnContext): boolean {
  return context.turnState.get(ASK_AGAIN) === true;
}

export function provenYes(needsProof: (prompt: PromptValidatorContext<boolean>) => boolean = () => true): PromptValidator<boolean> {
  return async (prompt) => {
    if (!prompt.recognized.succeeded) return false;
    if (prompt.recognized.value !== true || isSenderProven(prompt.context.turnState) || !needsProof(prompt)) return true;
    await prompt.context.sendActivity(hint(promptLocale(prompt.context.activity.locale), 'confirmFromReply'));
    prompt.context.turnState.set(ASK_AGAIN, true);
    return false;
  };
}
