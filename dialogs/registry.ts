import type { Dialog } from '../bots/botFramework';
import type { Config, Locale } from '../bots/config';
import type { JobScheduling } from '../bots/scheduler';
import type { ManagedStorage } from '../bots/state/types';
import type { BookingService } from './booking/bookingService';
import type { CustomerDirectory } from './customers/customerDirectory';
import type { EventFollowers } from './eventFollowers';
import type { OptOuts } from './optOuts';
import type { FaqService } from './faq/faqService';
import type { HandoverQueue } from './handover/handoverQueue';
import type { JobTurn } from './jobTurns';
import type { MailerSlot } from '../bots/directMail';
import type { PersonalData } from './customers/personalData';
import type { Understanding } from './nlu/intents';
import type { ReturnService } from './returns/returnService';

/** Example messages per locale for one intent; the NLU model trains on them. */
export type IntentExamples = Partial<Record<Locale, readonly string[]>>;

/** What a dialog folder's dialogs are built from: the configuration and the shop's services. */
export interface DialogDeps {
  config: Config;
  storage: ManagedStorage;
  clock: () => Date;
  faq: FaqService;
  bookings: BookingService;
  returns: ReturnService;
  /** Undefined when no agents are configured (INBOX_AGENTS): nobody can take a conversation over. */
  handoverQueue: HandoverQueue | undefined;
  /** Where an order or booking was dealt with, so a shop event about it reaches that conversation. */
  followers: EventFollowers;
  /** One record per person across channels; `linkedIdentities` gives every channel identity proven to be theirs. */
  customers: CustomerDirectory;
  /** Mails outside conversations (verification codes); `available` is false without an e-mail channel. */
  mailer: MailerSlot;
  /** A customer's data across the store, for export and erase (GDPR). */
  personalData: PersonalData;
  /** Customers' opt-outs of what the bot sends unasked; a dialog lifts one the customer asks it to. */
  optOuts: OptOuts;
  /** Files jobs the app runs later in the conversation (reminders); undefined where nothing runs them (scripted conversations). */
  scheduler: JobScheduling | undefined;
}

/** The dialog a message starts, and what it is started with. */
export interface DialogStart {
  dialogId: string;
  options?: object;
}

/** What MainDialog knows when it routes a message to a folder's dialogs. */
export interface RouteRequest {
  intent: string;
  text: string;
  locale: Locale;
  understood: Understanding;
}

/**
 * One dialog folder as MainDialog sees it: the intents it answers (with examples per locale), how
 * its dialogs are built, and which one a message starts. Its reply texts are registered by the
 * folder itself (`registerTexts` in dialogs/locales), next to the code that uses them.
 */
export interface DialogModule {
  /** Names the folder; its texts live under this key (`booking.askName`). */
  name: string;
  intents: Readonly<Record<string, IntentExamples>>;
  build(deps: DialogDeps): Dialog[];
  /** The dialog a message with one of `intents` starts; undefined when it cannot run here. */
  route(request: RouteRequest): DialogStart | undefined;
  /**
   * Dialogs that gather answers a customer could lose by changing the subject; MainDialog asks
   * before leaving one ("Shall I stop the booking…?") and restarts it from what it gathered.
   * Their names in the question are the texts `<name>.task.name` and `<name>.task.nameBack`.
   */
  tasks?: readonly string[];
  /** The text key of this folder's button in the "here is what I can do" menu ("Book an appointment"). */
  menuEntry?: string;
  /**
   * The text key of this folder's line in the help text, which continues the locale's intro: in
   * English after "I can help you with:" ("booking an appointment"), in German after "Ich kann
   * Ihnen helfen bei:" (a dative: "einem Termin"), in Polish after "Oto, co mogę zrobić:" (a verb in
   * the first person: "umówię wizytę"). `{{topics}}` is filled with the first knowledge-base topics.
   */
  helpEntry?: string;
  /**
   * Knowledge-base topics this folder answers with a dialog instead of the FAQ's fixed answer
   * ("order-tracking"): a message the NLU reads as one of them is routed here, and `route` may
   * still give it back to the FAQ (return undefined) when it is unsure.
   */
  faqTopics?: readonly string[];
  /**
   * A message this folder takes whatever the NLU read it as, from words only it knows ("let me
   * know when 100588 ships"); its `route` then starts the dialog. Keep it narrow: it wins over
   * every intent.
   */
  claims?(request: RouteRequest): boolean;
  /**
   * The turns this folder's scheduled jobs speak in, by job kind ("booking-reminder"): the app
   * runs each due job of that kind as a proactive turn in the conversation its payload names.
   */
  jobs?(deps: DialogDeps): Readonly<Record<string, JobTurn>>;
}

/** The dialogs MainDialog routes to, gathered from their folders. */
export class DialogRegistry {
  private readonly byIntent = new Map<string, DialogModule>();
  private readonly byTask = new Map<string, DialogModule>();
  private readonly byFaqTopic = new Map<string, DialogModule>();

  constructor(readonly modules: readonly DialogModule[]) {
    for (const module of modules) {
      for (const intent of Object.keys(module.intents)) {
        const taken = this.byIntent.get(intent);
        if (taken) throw new Error(`DialogRegistry(): intent "${intent}" is claimed by both "${taken.name}" and "${module.name}"`);
        this.byIntent.set(intent, module);
      }
      for (const task of module.tasks ?? []) this.byTask.set(task, module);
      for (const topic of module.faqTopics ?? []) {
        const taken = this.byFaqTopic.get(topic);
        if (taken) throw new Error(`DialogRegistry(): FAQ topic "${topic}" is claimed by both "${taken.name}" and "${module.name}"`);
        this.byFaqTopic.set(topic, module);
      }
    }
  }

  /** Every intent a dialog answers, in registration order. */
  intents(): string[] {
    return [...this.byIntent.keys()];
  }

  /** The training examples per intent for `locale`. */
  examples(locale: Locale): Record<string, readonly string[]> {
    return Object.fromEntries(this.modules.flatMap((m) => Object.entries(m.intents).map(([intent, examples]) => [intent, examples[locale] ?? []])));
  }

  route(request: RouteRequest): DialogStart | undefined {
    const claimed = this.modules.find((module) => module.claims?.(request))?.route(request);
    if (claimed) return claimed;
    const topic = request.intent === 'faq' ? request.understood.faq : null;
    const answeredByDialog = topic ? this.byFaqTopic.get(topic)?.route(request) : undefined;
    return answeredByDialog ?? this.byIntent.get(request.intent)?.route(request);
  }

  build(deps: DialogDeps): Dialog[] {
    return this.modules.flatMap((m) => m.build(deps));
  }

  /** Every folder's job turns by kind; a kind claimed twice is a mistake in the registration. */
  jobTurns(deps: DialogDeps): Map<string, JobTurn> {
    const turns = new Map<string, JobTurn>();
    for (const module of this.modules) {
      for (const [kind, turn] of Object.entries(module.jobs?.(deps) ?? {})) {
        if (turns.has(kind)) throw new Error(`DialogRegistry.jobTurns(): job kind "${kind}" is claimed twice (the second by "${module.name}")`);
        turns.set(kind, turn);
      }
    }
    return turns;
  }

  /** The folder whose task `dialogId` is, when it is one. */
  taskOf(dialogId: string): DialogModule | undefined {
    return this.byTask.get(dialogId);
  }

  tasks(): string[] {
    return [...this.byTask.keys()];
  }

  menuEntries(): string[] {
    return this.modules.flatMap((m) => (m.menuEntry ? [m.menuEntry] : []));
  }

  helpEntries(): string[] {
    return this.modules.flatMap((m) => (m.helpEntry ? [m.helpEntry] : []));
  }
}
