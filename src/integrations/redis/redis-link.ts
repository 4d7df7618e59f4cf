import type { Logger } from '../../base/logger.js';

/**
 * The one method the cache needs from a Redis client: a raw command in, its reply out. A node-redis
 * client (`createClient()` from `redis`, v5 or later) has it as it is; wrap any other client in one line.
 * @example
 * // ioredis: { sendCommand: ([name, ...args]) => ioredis.call(name, ...args) }
 */
export interface RedisCommandClient {
  /** Runs one command given as its words, e.g. `['SET', key, value, 'NX', 'PX', '30000']`, and resolves to Redis's reply. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** The node-redis client the link creates from a URL, as far as the link uses it. */
interface OwnedClient extends RedisCommandClient {
  readonly isOpen: boolean;
  connect(): Promise<unknown>;
  destroy(): void;
}

/** Where the link's client comes from: the application's, one it opens from a URL, or none. @internal */
export type RedisSource = { client: RedisCommandClient } | { url: string } | undefined;

/** A command that took too long: Redis counts as unavailable. */
class RedisTimeoutError extends Error {
  constructor(command: string, ms: number) {
    super(`${command} took longer than ${ms} ms`);
    this.name = 'RedisTimeoutError';
  }
}

/** `work`, or a rejection after `ms`; the timer never holds the process open. */
function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(what, ms)), ms);
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function openClient(url: string, timeoutMs: number, onError: (error: unknown) => void): Promise<OwnedClient> {
  let redis: typeof import('redis');
  try {
    redis = await import('redis');
  } catch {
    throw new Error('the `redis` package is not installed (npm i redis); or pass your own `client`');
  }
  const client = redis.createClient({
    url,
    // Fail at once while disconnected instead of queueing, and never reconnect on a timer of the
    // client's own (it would hold the process open): the link reconnects on the next command.
    disableOfflineQueue: true,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
  });
  // Without a listener, node-redis's 'error' event would crash the process.
  client.on('error', onError);
  // The socket is background work, like every timer of the SDK.
  client.unref();
  return client;
}

/**
 * Redis commands with a deadline each, and the outage bookkeeping: the first failure warns once,
 * later ones are debug lines, and the first success after them says Redis is back. A client opened
 * from a URL is reconnected lazily, on the next command, and closed by `close()`.
 * @internal
 */
export class RedisLink {
  private down = false;
  private owned: Promise<OwnedClient> | undefined;
  private connecting: Promise<unknown> | undefined;

  constructor(
    private readonly source: RedisSource,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** Runs one command; rejects when Redis cannot answer in time. */
  async command(args: string[]): Promise<unknown> {
    const client = await this.client();
    const reply = await withTimeout(client.sendCommand(args), this.timeoutMs, args[0]);
    if (this.down) {
      this.down = false;
      this.logger.debug('Redis answers again: flag definitions are shared through it');
    }
    return reply;
  }

  /** Records a failed command: one warning per outage. */
  failed(error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    if (this.down) {
      this.logger.debug(`Redis still unavailable: ${detail}`);
      return;
    }
    this.down = true;
    this.logger.warn(`Redis is unavailable (${detail}): this process polls PostHog for flag definitions itself until it is back`);
  }

  /** Closes a client the link opened; the application's own client stays open. */
  async close(): Promise<void> {
    const owned = this.owned;
    this.owned = undefined;
    if (owned === undefined) return;
    try {
      (await owned).destroy();
    } catch {
      // Never opened (no `redis` package, or a failed first connect): nothing to close.
    }
  }

  private async client(): Promise<RedisCommandClient> {
    const source = this.source;
    if (source === undefined) throw new Error('no Redis `client` or `url` was given');
    if ('client' in source) return source.client;
    this.owned ??= openClient(source.url, this.timeoutMs, () => {
      // Failures reach the caller of the command that meets them; the event itself only needs a listener.
    });
    const client = await this.owned;
    if (!client.isOpen) {
      this.connecting ??= withTimeout(client.connect(), this.timeoutMs, 'connect').finally(() => (this.connecting = undefined));
      await this.connecting;
    }
    return client;
  }
}
