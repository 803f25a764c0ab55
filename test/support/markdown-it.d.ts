/** The little of markdown-it 13 (installed with botframework-webchat, untyped) the tests use. */
declare module 'markdown-it' {
  interface Options {
    breaks?: boolean;
    html?: boolean;
    linkify?: boolean;
    typographer?: boolean;
    xhtmlOut?: boolean;
  }
  class MarkdownIt {
    constructor(options?: Options);
    use(plugin: unknown, options?: Record<string, unknown>): this;
    render(markdown: string): string;
  }
  export default MarkdownIt;
}

declare module 'markdown-it-attrs-es5' {
  const plugin: unknown;
  export default plugin;
}
