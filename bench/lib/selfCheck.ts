/**
 * Start-up checks a baseline server runs against itself before it reports ready: a peer that
 * silently fails its turns would otherwise show fake-good figures.
 */

export interface PostAnswer {
  status: number;
  text: string;
}

/** One POST to the server's own port, as the load generator sends it. */
export async function postToSelf(port: number, path: string, body: string, headers: Record<string, string> = {}): Promise<PostAnswer> {
  const answer = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: answer.status, text: await answer.text() };
}

/** Resolves once `done()` holds; rejects naming `what` when it has not within `timeoutMs`. */
export async function waitFor(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waitFor(): ${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Throws `selfCheck(): <server>: <what>` unless `ok`. */
export function expectSelf(ok: boolean, server: string, what: string): void {
  if (!ok) throw new Error(`selfCheck(): ${server}: ${what}`);
}
