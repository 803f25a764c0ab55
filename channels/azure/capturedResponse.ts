import type { Response as BotResponse } from 'botbuilder';

/**
 * Stands in for the HTTP response while CloudAdapter handles a request, so that what it answers
 * can be re-sent in our shape: CloudAdapter writes errors as bare strings (and logs them with
 * console.error), where every other route answers `{code, message}`.
 */
export class CapturedResponse implements BotResponse {
  statusCode = 200;
  body: unknown = undefined;
  readonly headers: Record<string, string> = {};
  socket: unknown = undefined;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers[name] = String(value);
    return this;
  }

  send(body: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    return this;
  }
}
