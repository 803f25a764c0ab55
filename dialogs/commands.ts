import type { Locale } from '../bots/config';
import { soundsFrustrated } from './handover/frustration';
import { handoverReason, wantsPerson } from './handover/handoverRequest';
import { requestedLocale } from './languageSwitch';
import { optOutRequest, type OptOutRequest } from './optOutRequest';
import type { IntentRecognizer } from './nlu/intents';
import { smallTalk, type SmallTalk } from './smallTalk';

/** What a message asks of the conversation itself, whatever dialog is running. */
export type Command =
  | { kind: 'language'; locale: Locale }
  | { kind: 'cancel' }
  | { kind: 'help' }
  /** About the bot's own messages: "unsubscribe", "abmelden", "zapisz mnie ponownie". */
  | OptOutRequest
  | { kind: 'smallTalk'; polite: SmallTalk }
  /** A person, with the issue when the message gives it ("i want a person, my invoice is wrong"). */
  | { kind: 'person'; summary?: string };

export interface CommandReaderOptions {
  /** Exact commands (help, cancel, agent) in every locale. */
  keywords: IntentRecognizer;
  supportedLocales: readonly Locale[];
  /** Whether agents can take over: only then does frustration alone ask for a person. */
  handover: boolean;
}

/**
 * The one place that tells a command from an answer or a request, in this order: a language
 * change, opting out of (or back into) the bot's own messages, cancel and help, small talk, a person (asked for, with a reason, or frustration). The
 * route and every question read messages through it, so a command means the same everywhere.
 */
export class CommandReader {
  constructor(private readonly options: CommandReaderOptions) {}

  async read(text: string, locale: Locale): Promise<Command | undefined> {
    const switchTo = requestedLocale(text, this.options.supportedLocales);
    if (switchTo) return { kind: 'language', locale: switchTo };
    const optOut = optOutRequest(text);
    if (optOut) return optOut;
    const { intent } = await this.options.keywords.recognize(text, locale);
    if (intent === 'cancel' || intent === 'help') return { kind: intent };
    const polite = intent === 'none' ? smallTalk(text) : undefined;
    if (polite) return { kind: 'smallTalk', polite };
    const reason = handoverReason(text);
    if (reason) return { kind: 'person', summary: reason };
    if (intent === 'handover' || wantsPerson(text)) return { kind: 'person' };
    if (this.options.handover && soundsFrustrated(text)) return { kind: 'person', summary: text };
    return undefined;
  }
}
