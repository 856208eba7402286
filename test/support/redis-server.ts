import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Socket } from 'node:net';

/** The shared Redis of the test machines (CI provisions it). Tests never flush it: they use `uniqueKeyPrefix()`. */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

export function uniqueKeyPrefix(): string {
  return `ragway-test-${process.pid}-${randomBytes(4).toString('hex')}:`;
}

/**
 * A private, throwaway redis-server on its own port, for tests that stop Redis mid-run without touching the shared
 * one. `stop()` kills it (SIGKILL: an abrupt death, as in an outage); `start()` brings it back on the same port;
 * `freeze()`/`thaw()` suspend and resume it (SIGSTOP/SIGCONT: a hung server whose connections stay open).
 */
export type OwnRedis = { url: string; port: number; start(): Promise<void>; stop(): Promise<void>; freeze(): void; thaw(): void };

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const self: OwnRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    start: async () => {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await waitUntil(() => answersPing(port), { timeoutMs: 5_000, what: `redis-server on port ${port} to answer PING` });
    },
    stop: async () => {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGKILL');
      await exited;
    },
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
  };
  await self.start();
  return self;
}

/** Polls `condition` until it holds, failing after `timeoutMs`: a bounded wait for a process, not a sleep. */
export async function waitUntil(condition: () => Promise<boolean> | boolean, { timeoutMs, what }: { timeoutMs: number; what: string }): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/** A raw RESP PING, so the helper does not depend on the client under test. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(200, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}
