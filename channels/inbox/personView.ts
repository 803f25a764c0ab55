import { readItem } from '../../bots/state/storeItem';
import type { ManagedStorage } from '../../bots/state/types';
import type { CustomerDirectory } from '../../dialogs/customers/customerDirectory';
import { lastConversation, type CustomerRecord } from '../../dialogs/customers/customerRecord';
import type { TranscriptLine } from '../../dialogs/handover/ticket';
import type { PersonView, TimelineLine } from './wireTypes';

/** The timeline shows this many of the latest lines across all conversations. */
const TIMELINE_LINES = 200;

export interface PersonViews {
  ofIdentity(identity: string): Promise<PersonView | null>;
  ofId(id: string): Promise<PersonView | null>;
}

/**
 * The inbox's view of one person: built from their customer record and each linked
 * conversation's transcript (kept in conversation state while the inbox is on), merged into one
 * timeline by time.
 */
export function personViews(customers: CustomerDirectory, storage: ManagedStorage): PersonViews {
  const view = async (record: CustomerRecord | undefined): Promise<PersonView | null> => {
    if (!record) return null;
    const transcripts = await Promise.all(
      record.conversations.map(async (conversation) => {
        const state = await readItem<{ transcript?: TranscriptLine[] }>(storage, conversation.key);
        return (state?.transcript ?? []).map((line): TimelineLine => ({ channel: conversation.channel, from: line.from, text: line.text, at: line.at, ...(line.agent ? { agent: line.agent } : {}) }));
      }),
    );
    const timeline = transcripts.flat().sort((a, b) => a.at.localeCompare(b.at)).slice(-TIMELINE_LINES);
    return {
      id: record.id,
      identities: record.identities.map(({ key, channel, via, linkedAt }) => ({ key, channel, via, linkedAt })),
      contacts: record.contacts.map(({ kind, value, via, verifiedAt }) => ({ kind, value, via, verifiedAt })),
      conversations: [...record.conversations].sort((a, b) => a.lastAt.localeCompare(b.lastAt)).map(({ key, channel, lastAt }) => ({ key, channel, lastAt })),
      lastChannel: lastConversation(record)?.channel ?? null,
      timeline,
    };
  };
  return {
    ofIdentity: async (identity) => view(await customers.ofIdentity(identity)),
    ofId: async (id) => view(await customers.get(id)),
  };
}
