import getRawBody from 'raw-body';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { isStorageUnavailable } from '../state/types';
import { jsonDepth, MAX_JSON_DEPTH } from './jsonDepth';

export const DEFAULT_BODY_LIMIT = 256 * 1024;

/** A JSON error body every route uses: `{ "code": "...", "message": "..." }`. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.status(status);
  res.json({ code, message });
}

/** Request after `jsonBody`: the exact bytes (for signature checks) and the parsed value. */
export interface JsonRequest extends Request {
  rawBody?: Buffer;
}

function errorType(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'type' in err && typeof err.type === 'string' ? err.type : undefined;
}

/** Checks the raw bytes before they are parsed (e.g. a webhook signature); returns a refusal or undefined. */
export type RawBodyCheck = (raw: Buffer, req: Request) => { status: number; code: string; message: string } | undefined;

export interface JsonBodyOptions {
  optional?: boolean;
  verify?: RawBodyCheck;
}

/** `application/json` or a `+json` type, with any parameters (charset). */
function isJsonType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/** Reads and parses the body; answers the client itself and returns false when it is unusable. */
async function readJson(req: Request, res: Response, maxBytes: number, options: JsonBodyOptions): Promise<boolean> {
  const optional = options.optional ?? false;
  let raw: Buffer;
  try {
    raw = await getRawBody(req, { limit: maxBytes, length: req.headers['content-length'] });
  } catch (err) {
    if (errorType(err) === 'entity.too.large') {
      sendError(res, 413, 'PayloadTooLarge', `request body exceeds ${maxBytes} bytes`);
    } else {
      sendError(res, 400, 'BadRequest', 'request body could not be read');
    }
    return false;
  }
  // A body that is not declared JSON is refused before anything reads it: a cross-site form post
  // (which a browser sends without asking) is urlencoded or text/plain.
  if (raw.length > 0 && !isJsonType(req.headers['content-type'])) {
    sendError(res, 415, 'UnsupportedMediaType', 'Content-Type must be application/json');
    return false;
  }
  const refusal = options.verify?.(raw, req);
  if (refusal) {
    sendError(res, refusal.status, refusal.code, refusal.message);
    return false;
  }
  if (raw.length === 0 && optional) {
    req.body = {};
    return true;
  }
  if (raw.length === 0) {
    sendError(res, 400, 'BadRequest', 'request body is empty; JSON expected');
    return false;
  }
  if (jsonDepth(raw) > MAX_JSON_DEPTH) {
    sendError(res, 400, 'BadRequest', `request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    return false;
  }
  try {
    (req as JsonRequest).rawBody = raw;
    req.body = JSON.parse(raw.toString('utf8')) as unknown;
    return true;
  } catch {
    sendError(res, 400, 'BadRequest', 'request body is not valid JSON');
    return false;
  }
}

/**
 * Reads the body up to `maxBytes` and parses it as JSON. Answers 413 past the limit, 415 for a
 * body not declared JSON, and 400 for an empty, malformed or too deeply nested body (an empty one
 * is `{}` when `optional`), so handlers only ever see a
 * parsed value. Callback-style, because
 * restify lets only callback handlers end the chain early (`next(false)`).
 */
export function jsonBody(maxBytes: number = DEFAULT_BODY_LIMIT, options: JsonBodyOptions = {}): RequestHandler {
  return function readJsonBody(req: Request, res: Response, next: Next): void {
    void readJson(req, res, maxBytes, options).then((usable) => next(usable ? undefined : false));
  };
}

/**
 * Wraps an async handler so a thrown error becomes a logged 500 JSON answer instead of a crash;
 * a store outage is a 503 with Retry-After (the caller should send the same request again).
 */
export function guarded(
  place: string,
  onError: (err: unknown, place: string) => void,
  handler: (req: Request, res: Response) => Promise<void>,
): RequestHandler {
  return function guardedHandler(req: Request, res: Response, next: Next): void {
    handler(req, res).then(
      () => next(),
      (err: unknown) => {
        onError(err, place);
        if (isStorageUnavailable(err)) {
          if (!res.headersSent) res.header('Retry-After', '5');
          sendError(res, 503, 'ServiceUnavailable', 'the store is unavailable; try again shortly');
        } else {
          sendError(res, 500, 'InternalError', 'the server could not handle this request');
        }
        next(false);
      },
    );
  };
}
