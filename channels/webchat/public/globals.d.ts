/*
 * What the web chat page (app.js) uses of the Web Chat bundle it loads as a script; only for the
 * type check in tsconfig.browser.json (the page is served without a build step). Not served.
 */
interface WebChatDirectLine {
  /** directlinejs replaces its token every 15 minutes. */
  token?: string;
  connectionStatus$: { subscribe(next: (status: number) => void): unknown };
}

/** The part of an activity the page's middleware reads. */
interface WebChatActivity {
  from?: { id?: string; name?: string; role?: string };
  entities?: { type?: string }[];
}

/** What Web Chat renders; a middleware may return any of it (text included) or call `next`. */
type WebChatNode = unknown;

/** Web Chat's middleware shape: `() => next => args => result` (see Web Chat's HOOKS.md). */
type WebChatMiddlewareOf<Args, Result> = () => (next: (args: Args) => Result) => (args: Args) => Result;

interface WebChatGroups {
  sender?: WebChatActivity[][];
  status?: WebChatActivity[][];
}

interface WebChatMiddleware {
  groupActivitiesMiddleware: WebChatMiddlewareOf<{ activities: WebChatActivity[] }, WebChatGroups>;
  avatarMiddleware: WebChatMiddlewareOf<{ activity: WebChatActivity; fromUser: boolean }, false | (() => WebChatNode)>;
}

/** A Redux action in Web Chat's store; incoming activities come as DIRECT_LINE/INCOMING_ACTIVITY. */
interface WebChatAction {
  type: string;
  payload?: { activity?: { type?: string; locale?: string; from?: { role?: string } } };
}

type WebChatStoreMiddleware = (store: unknown) => (next: (action: WebChatAction) => unknown) => (action: WebChatAction) => unknown;

interface WebChatBundle {
  createDirectLine(options: { token: string; conversationId?: string; domain: string; webSocket: boolean }): WebChatDirectLine;
  createStore(initialState: object, ...middleware: WebChatStoreMiddleware[]): unknown;
  /** Called again on the same element, it updates the props (such as the locale) in place. */
  renderWebChat(
    props: { directLine: WebChatDirectLine; store: unknown; locale: string; styleOptions: Record<string, string | number | boolean> } & Partial<WebChatMiddleware>,
    element: HTMLElement | null,
  ): void;
}

interface Window {
  WebChat: WebChatBundle;
}
