import assert from 'node:assert/strict';
import { TestAdapter, TurnContext, type ConversationReference } from 'botbuilder';
import { loadConfig } from '../../bots/config';
import { silentLogger } from '../../bots/logger';
import { MemoryStore } from '../../bots/state/memoryStore';
import { TurnPipeline } from '../../bots/pipeline';
import { PROACTIVE_EVENT } from '../../bots/pipeline/proactiveTurn';
import { createAzureChannel } from '../../channels/azure';
import { ANY_BOT_FRAMEWORK_CHANNEL, type ChannelModule, type TurnLogic } from '../../channels/channel';
import { viaAzureBotService } from '../../channels/shared/azureServiceUrl';
import { ProactiveSender } from '../../channels/inbox/proactive';
import { ProactiveTurns } from '../../channels/shared/proactiveTurns';
import { inboxEventOf } from '../../dialogs/handover/handoverState';
import type { Ticket } from '../../dialogs/handover/ticket';

/** The inbox's sender over these channels, as the composition root builds it. */
const senderOver = (channels: ChannelModule[], logic: TurnLogic) => new ProactiveSender(new ProactiveTurns(channels, silentLogger()), logic);

/** botbuilder's TestAdapter, plus the proactive entry point every channel adapter of ours has. */
class ProactiveTestAdapter extends TestAdapter {
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.processActivity(TurnContext.applyConversationReference({ ...PROACTIVE_EVENT }, reference, true), logic);
  }
}

/** The shared pipeline (state, outbox, error policy) on a test adapter, as every channel has it. */
function pipelined<T extends TestAdapter>(adapter: T): T {
  new TurnPipeline(loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent' }), new MemoryStore(), silentLogger(), { delivery: { firstDelayMs: 60_000 } }).install(adapter);
  return adapter;
}

/** Sends nothing: every send fails with `error`. */
class RefusingAdapter extends ProactiveTestAdapter {
  constructor(private readonly error: Error) {
    super();
  }
  override async sendActivities(): Promise<never> {
    throw this.error;
  }
}

function channelWith(adapter: TestAdapter): ChannelModule {
  return { id: 'webchat', capabilities: { maxSuggestedActions: 10, reachesCustomerLater: true }, adapter, registerRoutes: () => undefined };
}

const ticket = { id: 't1', reference: { channelId: 'webchat', conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' }, user: { id: 'u1', name: 'Eve' }, bot: { id: 'bot', name: 'bot' }, serviceUrl: 'http://127.0.0.1:1' } } as Ticket;

describe('ProactiveSender: "delivered" means a message went out', () => {
  it('is true only when the turn finished and sent a message; the turn sees the inbox event in turn state', async () => {
    const adapter = pipelined(new ProactiveTestAdapter());
    let seen: unknown;
    const sender = senderOver([channelWith(adapter)], async (context: TurnContext) => {
      seen = inboxEventOf(context.turnState);
      await context.sendActivity('Anna: hello');
    });
    assert.deepEqual(await sender.send(ticket, 'handover.agentMessage', { agent: 'Anna', text: 'hello' }), { delivered: true });
    assert.deepEqual(seen, { name: 'handover.agentMessage', value: { agent: 'Anna', text: 'hello' } });
  });

  it('is false when the turn failed, even though the adapter\'s error policy swallowed the error', async () => {
    const adapter = pipelined(new ProactiveTestAdapter());
    const sender = senderOver([channelWith(adapter)], async () => {
      throw new Error('state read failed');
    });
    const delivery = await sender.send(ticket, 'handover.agentMessage', { agent: 'Anna', text: 'hello' });
    assert.equal(delivery.delivered, false);
  });

  it('is false when the turn sent nothing (the conversation had moved on)', async () => {
    const sender = senderOver([channelWith(pipelined(new ProactiveTestAdapter()))], async () => undefined);
    assert.equal((await sender.send(ticket, 'handover.resolved', { agent: 'Anna', ticketId: 'old' })).delivered, false);
  });

  it('is false with a reason when the channel refused the send, and the refusal\'s short name when the channel gives one', async () => {
    const refusal = Object.assign(new Error('Messenger: outside the 7-day window'), { permanent: true, refusal: 'outside_window' });
    const sender = senderOver([channelWith(pipelined(new RefusingAdapter(refusal)))], async (context) => void (await context.sendActivity('Anna: hi')));
    assert.deepEqual(await sender.send(ticket, 'handover.agentMessage', { agent: 'Anna', text: 'hi' }), { delivered: false, refused: true, refusal: 'outside_window', reason: 'Messenger: outside the 7-day window' });
    const unnamed = senderOver([channelWith(pipelined(new RefusingAdapter(Object.assign(new Error('400 from the platform'), { permanent: true }))))], async (context) => void (await context.sendActivity('Anna: hi')));
    assert.equal((await unnamed.send(ticket, 'handover.agentMessage', { agent: 'Anna', text: 'hi' })).refusal, 'channel_refused');
  });

  it('says "queued" when the channel is down for now: the message is kept and retried', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const sender = senderOver([channelWith(pipelined(new RefusingAdapter(outage)))], async (context) => void (await context.sendActivity('Anna: hi')));
    const delivery = await sender.send(ticket, 'handover.agentMessage', { agent: 'Anna', text: 'hi' });
    assert.equal(delivery.delivered, false);
    assert.equal(delivery.queued, true);
    assert.match(delivery.reason ?? '', /ECONNREFUSED.*sent when it is back/);
  });

  it('runs no turn for a conversation the channel does not own (an Azure Web Chat conversation also says "webchat")', async () => {
    let ran = false;
    const channel = { ...channelWith(new ProactiveTestAdapter()), ownsConversation: async () => false };
    const sender = senderOver([channel], async () => {
      ran = true;
    });
    const delivery = await sender.send(ticket, 'handover.resolved', { agent: 'Anna', ticketId: 't1' });
    assert.equal(delivery.delivered, false);
    assert.match(delivery.reason ?? '', /no running channel can send proactively to this webchat conversation/);
    assert.equal(ran, false, 'no state was touched');
  });
  it('sends a "telegram" conversation that came through Azure Bot Service (any of its clouds) to the Azure module, ours to ours', async () => {
    const ran: string[] = [];
    const telegram: ChannelModule = { ...channelWith(pipelined(new ProactiveTestAdapter())), id: 'telegram', ownsConversation: async (reference) => !viaAzureBotService(reference.serviceUrl) };
    const azure: ChannelModule = { ...channelWith(pipelined(new ProactiveTestAdapter())), id: 'azure', channelIds: [ANY_BOT_FRAMEWORK_CHANNEL] };
    const sender = senderOver([telegram, azure], async (context) => {
      ran.push(context.adapter === telegram.adapter ? 'telegram' : 'azure');
      await context.sendActivity('Anna: hi');
    });
    const viaAzure = { ...ticket, reference: { ...ticket.reference, channelId: 'telegram', serviceUrl: 'https://telegram.botframework.com/' } } as Ticket;
    // Azure's US government cloud answers on botframework.azure.us.
    const viaAzureGovernment = { ...ticket, reference: { ...ticket.reference, channelId: 'telegram', serviceUrl: 'https://telegram.botframework.azure.us/' } } as Ticket;
    const ours = { ...ticket, reference: { ...ticket.reference, channelId: 'telegram', serviceUrl: 'https://api.telegram.org' } } as Ticket;
    await sender.send(viaAzure, 'handover.agentMessage', { agent: 'Anna', text: 'hi' });
    await sender.send(viaAzureGovernment, 'handover.agentMessage', { agent: 'Anna', text: 'hi' });
    await sender.send(ours, 'handover.agentMessage', { agent: 'Anna', text: 'hi' });
    assert.deepEqual(ran, ['azure', 'azure', 'telegram']);
  });
  it('never hands one of our own channels\' conversations to the Azure module when that channel is not running', async () => {
    const azureWith = (env: Record<string, string>) => createAzureChannel({ config: loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent', ...env }), storage: new MemoryStore(), logger: silentLogger(), logic: async () => undefined, installPipeline: () => undefined });
    // With an app id: what came through Bot Framework's hosts, in any cloud.
    const authenticated = azureWith({ MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' });
    assert.ok(authenticated?.ownsConversation);
    assert.equal(await authenticated.ownsConversation({ channelId: 'telegram', serviceUrl: 'https://api.telegram.org' }), false);
    assert.equal(await authenticated.ownsConversation({ channelId: 'telegram', serviceUrl: 'https://telegram.botframework.com/' }), true);
    assert.equal(await authenticated.ownsConversation({ channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/' }), true);
    assert.equal(await authenticated.ownsConversation({ channelId: 'facebook', serviceUrl: 'https://graph.facebook.com/v21.0' }), false);
    // Without one, only the Emulator on this machine; never an embedded web chat page's origin.
    const azure = azureWith({});
    assert.ok(azure?.ownsConversation);
    assert.equal(await azure.ownsConversation({ channelId: 'emulator', serviceUrl: 'http://127.0.0.1:53000' }), true);
    assert.equal(await azure.ownsConversation({ channelId: 'webchat', serviceUrl: 'https://shop.example' }), false);
    assert.equal(await azure.ownsConversation({ channelId: 'telegram', serviceUrl: 'https://telegram.botframework.com/' }), false);
    const sender = senderOver([azure], async () => undefined);
    const ours = { ...ticket, reference: { ...ticket.reference, channelId: 'telegram', serviceUrl: 'https://api.telegram.org' } } as Ticket;
    assert.match((await sender.send(ours, 'handover.agentMessage', { agent: 'Anna', text: 'hi' })).reason ?? '', /no running channel/);
  });
});
