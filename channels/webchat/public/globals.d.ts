/*
 * What the web chat page (app.js) uses of the Web Chat bundle it loads as a script; only for the
 * type check in tsconfig.browser.json (the page is served without a build step). Not served.
 */
interface WebChatDirectLine {
  /** directlinejs replaces its token every 15 minutes. */
  token?: string;
  connectionStatus$: { subscribe(next: (status: number) => void): unknown };
}

interface WebChatBundle {
  createDirectLine(options: { token: string; conversationId?: string; domain: string; webSocket: boolean }): WebChatDirectLine;
  renderWebChat(props: { directLine: WebChatDirectLine; locale: string; styleOptions: Record<string, string | number | boolean> }, element: HTMLElement | null): void;
}

interface Window {
  WebChat: WebChatBundle;
}
