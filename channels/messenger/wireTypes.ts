/** Messenger Platform webhook and Send API shapes (the parts Switchboard uses). */

export interface WebhookBody {
  object: string;
  entry: WebhookEntry[];
}

export interface WebhookEntry {
  id: string;
  time: number;
  messaging?: MessagingEvent[];
}

export interface MessagingEvent {
  sender?: { id?: string };
  recipient?: { id?: string };
  timestamp?: number;
  message?: {
    mid?: string;
    text?: string;
    is_echo?: boolean;
    quick_reply?: { payload?: string };
    attachments?: { type?: string; payload?: { url?: string; coordinates?: { lat: number; long: number } } }[];
  };
  postback?: { mid?: string; title?: string; payload?: string; referral?: Referral };
  referral?: Referral;
  delivery?: unknown;
  read?: unknown;
}

export interface Referral {
  ref?: string;
  source?: string;
  type?: string;
}

export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

export interface GenericElement {
  title: string;
  subtitle?: string;
  image_url?: string;
  buttons?: ({ type: 'postback'; title: string; payload: string } | { type: 'web_url'; title: string; url: string })[];
}

export type OutgoingMessage =
  | { text: string; quick_replies?: QuickReply[] }
  | { attachment: { type: 'template'; payload: { template_type: 'generic'; elements: GenericElement[] } }; quick_replies?: QuickReply[] };

export interface SendRequest {
  recipient: { id: string };
  messaging_type: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT';
  message?: OutgoingMessage;
  sender_action?: 'mark_seen' | 'typing_on' | 'typing_off';
}
