/*
 * What the web chat page (app.js) uses of the Web Chat bundle it loads as a script; only for the
 * type check in tsconfig.browser.json (the page is served without a build step). Not served.
 */
interface WebChatDirectLine {
  /** directlinejs replaces its token every 15 minutes. */
  token?: string;
  connectionStatus$: { subscribe(next: (status: number) => void): unknown };
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
    props: { directLine: WebChatDirectLine; store: unknown; locale: string; styleOptions: Record<string, string | number | boolean> },
    element: HTMLElement | null,
  ): void;
}

interface Window {
  WebChat: WebChatBundle;
}
