import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { isChildMessage, type ReadyMessage, type ServerStats } from './protocol';

/** The server scripts in bench/servers/. */
export type BenchServer = 'restify' | 'cloudAdapter' | 'ours' | 'agentsSdk' | 'chatSdk' | 'telegraf' | 'cosmos';

export interface RunningServer {
  port: number;
  /** Milliseconds from spawning the process to its "ready" message. */
  startMs: number;
  ready: ReadyMessage;
  /** `collect` runs a full GC first when the server was started with --expose-gc. */
  stats(collect?: boolean): Promise<ServerStats>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/** Starts bench/servers/<script>.ts in its own process, so RSS and start-up are its alone. */
export async function spawnServer(script: BenchServer, options: SpawnOptions = {}): Promise<RunningServer> {
  const started = performance.now();
  const child: ChildProcess = fork(join(__dirname, '..', 'servers', `${script}.ts`), [], {
    execArgv: ['--require', 'ts-node/register/transpile-only', ...(options.nodeArgs ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: ((stats: ServerStats) => void)[] = [];
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`spawnServer(): ${script} exited with ${code} before it was ready`)));
    child.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'ready') resolve(message);
      else waiting.shift()?.(message.stats);
    });
  });
  const startMs = performance.now() - started;
  child.removeAllListeners('exit');
  return {
    port: ready.port,
    startMs,
    ready,
    stats: (collect = false) =>
      new Promise<ServerStats>((resolve) => {
        waiting.push(resolve);
        child.send({ type: 'stats', collect });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(forced);
          resolve();
        });
        child.send({ type: 'stop' });
      }),
  };
}
