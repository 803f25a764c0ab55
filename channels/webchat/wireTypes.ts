import type { Activity } from '../../bots/botFramework';

/** Direct Line 3.0 `Conversation` object, as POST /conversations and /tokens/* answer it. */
export interface DirectLineConversation {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
  referenceGrammarId?: string;
}

/** Direct Line 3.0 `ActivitySet`: GET …/activities and every WebSocket frame. */
export interface DirectLineActivitySet {
  activities: Partial<Activity>[];
  watermark: string;
}

/** Direct Line 3.0 `ResourceResponse` for POST …/activities. */
export interface DirectLineResourceResponse {
  id: string;
}
