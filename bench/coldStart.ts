import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expectRepliesActivity } from './cases/botFrameworkActivity';

const ROOT = join(__dirname, '..');

/**
 * Process start to first reply, as `npm start` runs the server: the built dist/scripts/switchboard.js with the
 * default channels (web chat, /api/messages) and the memory store. Builds first if the sources
 * changed (scripts/build-if-needed.js, as `prestart` does), outside the timed part.
 */
export async function measureColdStart(): Promise<number> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.js')], { stdio: 'inherit' });
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'switchboard.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'info', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const match = /"url":"(http:\/\/[^"]+)"/.exec(buffered);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`measureColdStart(): the server exited with ${code}`)));
    });
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: expectRepliesActivity(0, 1, 'cold'),
    });
    const body = (await res.json()) as { activities?: { text?: string }[] };
    if (!res.ok || !body.activities?.[0]?.text) throw new Error(`measureColdStart(): first turn answered ${res.status} without a reply`);
    return Math.round(performance.now() - started);
  } finally {
    child.kill('SIGTERM');
  }
}
