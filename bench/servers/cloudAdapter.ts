import restify from 'restify';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
  UserState,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { benchStore, serveBench, storeKindFromEnv } from '../lib/serve';

/**
 * Baselines (b) and (c): stock botbuilder as its samples wire it. BENCH_STATE=1 adds
 * ConversationState + UserState and a one-step waterfall, saved at the end of every turn.
 */
const withState = process.env.BENCH_STATE === '1';
const { store, cleanup } = benchStore(storeKindFromEnv(), () => new MemoryStorage());
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error('baseline turn failed:', error);
  await context.sendActivity('error');
};

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

class StatefulBot extends ActivityHandler {
  private readonly conversationState = new ConversationState(store);
  private readonly userState = new UserState(store);
  private readonly dialogState = this.conversationState.createProperty<DialogState>('dialogState');
  private readonly turnCount = this.userState.createProperty<number>('turnCount');
  private readonly dialogs = new DialogSet(this.dialogState);

  constructor() {
    super();
    this.dialogs.add(
      new WaterfallDialog('greet', [
        async (step) => {
          await step.context.sendActivity(`Hello! How can I help? (${step.context.activity.text ?? ''})`);
          return step.endDialog();
        },
      ]),
    );
    this.onMessage(async (context, next) => {
      await this.turnCount.set(context, ((await this.turnCount.get(context, 0)) ?? 0) + 1);
      const dc = await this.dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === 'empty') await dc.beginDialog('greet');
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}

const bot = withState ? new StatefulBot() : new EchoBot();
const server = restify.createServer({ handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});

serveBench(
  () =>
    new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () =>
        resolve({
          port: server.address().port,
          stop: async () => {
            server.close();
            cleanup();
          },
        }),
      );
    }),
  store,
);
