import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCalendar } from 'tsdav';
import { freePort } from '../support/freePort';


export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * Debian's radicale (3.1) on 127.0.0.1 from a throwaway config: htpasswd users in plain text,
 * collections under a temp dir, each user allowed only their own. `stop` kills it and removes the dir.
 */
export async function startRadicale(users: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-radicale-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'users'), Object.entries(users).map(([user, password]) => `${user}:${password}\n`).join(''));
  writeFileSync(
    join(dir, 'config'),
    `[server]
hosts = 127.0.0.1:${port}
[auth]
type = htpasswd
htpasswd_filename = ${join(dir, 'users')}
htpasswd_encryption = plain
# No pause after a wrong password: the tests try one on purpose.
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = ${join(dir, 'collections')}
[web]
type = none
[logging]
level = warning
`,
  );
  let log = '';
  const launch = async (): Promise<ChildProcess> => {
    const started = spawn('/usr/bin/radicale', ['--config', join(dir, 'config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    started.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const answered = await fetch(`${url}/`, { method: 'OPTIONS' }).then(
        () => true,
        () => false,
      );
      if (answered) return started;
      if (started.exitCode !== null || Date.now() > deadline) throw new Error(`startRadicale(): radicale did not answer on ${port}:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  let child = await launch();
  const halt = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };

  return {
    url,
    log: () => log,
    /** A new, empty calendar of `user` (MKCALENDAR through tsdav), as its URL with a trailing slash. */
    async makeCalendar(user: string, name: string = randomUUID()): Promise<string> {
      const calendarUrl = `${url}/${user}/${name}/`;
      const [answer] = await makeCalendar({
        url: calendarUrl,
        props: { 'd:displayname': name, 'c:supported-calendar-component-set': { 'c:comp': { _attributes: { name: 'VEVENT' } } } },
        headers: { authorization: basicAuth(user, users[user] ?? '') },
      });
      if (!answer?.ok) throw new Error(`startRadicale().makeCalendar(): ${answer?.status} ${answer?.statusText}`);
      return calendarUrl;
    },
    /** A raw request as another CalDAV client (a phone, Thunderbird, staff's own script) would send it. */
    async raw(user: string, path: string, init: RequestInit = {}): Promise<Response> {
      const headers = new Headers(init.headers);
      headers.set('authorization', basicAuth(user, users[user] ?? ''));
      return fetch(new URL(path, url), { ...init, headers });
    },
    /** Stops the server; `start` brings it back on the same port and data. */
    halt,
    async start(): Promise<void> {
      child = await launch();
    },
    async stop(): Promise<void> {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Radicale = Awaited<ReturnType<typeof startRadicale>>;
