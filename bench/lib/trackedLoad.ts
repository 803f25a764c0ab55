import autocannon from 'autocannon';
import type { BenchRequest } from './load';

export interface TrackedLoadOptions {
  port: number;
  connections: number;
  duration: number;
  /** The n-th request of this load (n counts from `from`). */
  request: (n: number) => BenchRequest;
  from?: number;
}

export interface TrackedLoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  /** Activity ids answered 2xx, read from the replies' replyToId (expectReplies answers carry the turn's replies). */
  answeredIds: string[];
  /** 2xx answers without a replyToId, so not attributable to an activity. */
  untracked: number;
  /** Where the next load should continue numbering, so ids never repeat. */
  next: number;
}

const REPLY_TO = /"replyToId":"([^"]+)"/;

/** Like runLoad (bench/lib/load.ts), but numbered per load and remembering which activities were answered. */
export async function runTrackedLoad(options: TrackedLoadOptions): Promise<TrackedLoadResult> {
  let sent = options.from ?? 0;
  const answeredIds: string[] = [];
  let untracked = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    duration: options.duration,
    requests: [
      {
        setupRequest: (request) => {
          const built = options.request(sent);
          sent += 1;
          return { ...request, method: 'POST', path: built.path, body: built.body, headers: { 'content-type': 'application/json', ...built.headers } };
        },
        onResponse: (status, body) => {
          if (status < 200 || status >= 300) return;
          const id = REPLY_TO.exec(body)?.[1];
          if (id === undefined) untracked += 1;
          else answeredIds.push(id);
        },
      },
    ],
  });
  return { ok: result['2xx'], non2xx: result.non2xx, errors: result.errors + result.timeouts, answeredIds, untracked, next: sent };
}
