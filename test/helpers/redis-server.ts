import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A real `redis-server` on a loopback port, for the tests of `posthog-ts/redis`. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server at once (an outage); `start()` brings it back on the same port, empty. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

const MISSING =
  'redis-server is not installed, so the Redis tests cannot run: `apt-get install -y redis-server` (.ci/run does this when it can)';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address !== 'object') throw new Error('no free loopback port');
  return address.port;
}

/** Starts redis-server on `port`; resolves once it accepts connections, rejects if it exits first. */
function launch(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'];
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Ready to accept connections')) {
        child.off('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`redis-server on port ${port} exited (${code}) before it was ready:\n${log}`));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new Error(MISSING) : error));
    child.on('exit', onExit);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

/**
 * Starts a `redis-server` (the Debian package) on a free loopback port, without persistence. A
 * missing binary is an error, never a skip. Stop it with `kill()` in teardown.
 */
export async function startRedisServer(): Promise<RedisServer> {
  let child: ChildProcess | undefined;
  let port = 0;
  // A port found free can be taken before redis-server binds it: try another.
  for (let attempt = 1; child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await launch(port);
    } catch (error) {
      if (attempt === 3 || (error as Error).message === MISSING) throw error;
    }
  }
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise((resolve) => {
        running.once('exit', resolve);
        running.kill('SIGKILL');
      });
    },
    async start() {
      child ??= await launch(port);
    },
  };
  return server;
}
