import { ComponentDialog, ListStyle, WaterfallDialog, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { turnLocale } from '../../bots/pipeline/locale';
import { t } from '../locales';
import { ChoicePrompt, ConfirmPrompt, promptLocale, recognizeYesNo } from '../prompts';
import { smallTalk } from '../smallTalk';
import type { FaqService, FaqTopic } from './faqService';
import './texts';

export const FAQ_DIALOG = 'faqDialog';
const PICK = 'faqDialog.pick';
const HELPED = 'faqDialog.helped';
const HUMAN = 'faqDialog.human';

/** What MainDialog knows when it starts the FAQ: the best topic if confident, else candidates. */
export interface FaqDialogOptions {
  topic?: FaqTopic;
  candidates?: FaqTopic[];
}

/** How the FAQ ended, so MainDialog can start a handover when the customer wants a person. */
export interface FaqDialogResult {
  wantsHuman: boolean;
}

interface FaqState {
  topics: FaqTopic[];
}

/**
 * Answers a question from the knowledge base. When the question is ambiguous it offers the best
 * three topics; after an answer it asks whether that helped and, if not, offers a person.
 */
export class FaqDialog extends ComponentDialog {
  constructor(
    private readonly faq: FaqService,
    private readonly defaultLocale: Locale,
  ) {
    super(FAQ_DIALOG);
    const pick = new ChoicePrompt(PICK);
    // "thanks!" after an answer means it helped.
    const helped = new ConfirmPrompt(HELPED, async (p) => {
      if (p.recognized.succeeded) return true;
      if (smallTalk(p.context.activity.text ?? '') !== 'thanks') return false;
      p.recognized.value = true;
      return true;
    });
    // "Would you like to talk to a person?" is a yes/no question with buttons: yes is the person.
    const human = new ChoicePrompt(HUMAN, undefined, (context) => {
      const said = recognizeYesNo(context.activity.text ?? '', promptLocale(context.activity.locale));
      return said === null ? undefined : { value: '', index: said ? 0 : 1, score: 1 };
    });
    helped.style = ListStyle.suggestedAction;
    // ConfirmPrompt reads "ja", "tak", "nein danke" and "nie, dziękuję" as well as the buttons.
    this.addDialog(pick).addDialog(helped).addDialog(human);
    this.addDialog(
      new WaterfallDialog(`${FAQ_DIALOG}.steps`, [this.chooseTopic.bind(this), this.answer.bind(this), this.afterHelped.bind(this), this.afterHuman.bind(this)]),
    );
    this.initialDialogId = `${FAQ_DIALOG}.steps`;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.defaultLocale);
  }

  private async chooseTopic(step: WaterfallStepContext<FaqDialogOptions & FaqState>): Promise<DialogTurnResult> {
    const options = step.options;
    if (options.topic) return step.next({ topic: options.topic });
    const locale = this.locale(step);
    const topics = (options.candidates ?? []).slice(0, 3);
    (step.values as FaqState).topics = topics;
    const titles = topics.map((topic) => this.faq.entry(topic, locale)?.title ?? topic);
    return step.prompt(PICK, {
      prompt: t(locale, 'faq.pickTopic'),
      retryPrompt: t(locale, 'faq.retry'),
      choices: [...titles, t(locale, 'faq.noneOfThese')],
    });
  }

  private async answer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const picked = step.result as { topic: FaqTopic } | FoundChoice;
    const topic = 'topic' in picked ? picked.topic : (step.values as FaqState).topics[(picked as FoundChoice).index];
    if (!topic) {
      await step.context.sendActivity(t(locale, 'faq.askAgain'));
      return step.endDialog({ wantsHuman: false } satisfies FaqDialogResult);
    }
    const entry = this.faq.entry(topic, locale);
    if (entry) await step.context.sendActivity(entry.answer);
    return step.prompt(HELPED, { prompt: t(locale, 'faq.didItHelp'), retryPrompt: t(locale, 'faq.retry') });
  }

  private async afterHelped(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    if (step.result === true) {
      await step.context.sendActivity(t(locale, 'faq.glad'));
      return step.endDialog({ wantsHuman: false } satisfies FaqDialogResult);
    }
    return step.prompt(HUMAN, {
      prompt: t(locale, 'faq.offerHuman'),
      retryPrompt: t(locale, 'faq.retry'),
      choices: [t(locale, 'faq.talkToPerson'), t(locale, 'faq.askSomethingElse')],
    });
  }

  private async afterHuman(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const wantsHuman = (step.result as FoundChoice).index === 0;
    if (!wantsHuman) await step.context.sendActivity(t(this.locale(step), 'faq.askAgain'));
    return step.endDialog({ wantsHuman } satisfies FaqDialogResult);
  }
}
